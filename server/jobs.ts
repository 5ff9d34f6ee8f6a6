/**
 * Long steps (an import or a grading run of 100,000 employers) as jobs. On a file database each runs
 * in a worker thread with its own connection, so the server keeps answering and no request served
 * meanwhile ever runs inside the step's transaction; a request that does not ask for ?async=true
 * simply awaits its worker. An in-memory database cannot be shared with a worker: there the step runs
 * in this thread, alone (turns.ts).
 *
 * Jobs are kept in the jobs table, so any process can say how one went; progress is written when the
 * database lets it at once (a step holds the write lock for a while), so the thread never waits on it.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '../core/db/index.ts';
import { JianchaError, type ErrorCode, type ErrorDetail } from '../core/errors.ts';
import { compiled } from '../core/projectRoot.ts';
import type { Actor } from '../core/services/actor.ts';
import type { AppDeps } from './context.ts';
import { runStep, type StepKind } from './steps.ts';
import { alone } from './turns.ts';

export type Job = typeof schema.jobs.$inferSelect;
type Outcome = { result: unknown } | { error: NonNullable<Job['error']> };
/** what a worker tells of a step that failed: a user's error whole, a fault by its code only */
type Failure = { code: ErrorCode; zh: string; en: string; details: ErrorDetail[] } | { code: 'internal' };

/**
 * What a worker evaluates to load `name` (a module beside this file): compiled (dist/), its .js twin;
 * through tsx, a worker does not inherit the TypeScript loader this thread has: it registers it first.
 */
export function workerBoot(name: string): string {
  if (compiled) return `import(${JSON.stringify(new URL(`./${name}.js`, import.meta.url).href)})`;
  // tsx found from here: an eval'd worker resolves bare names from the process's working directory
  return `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL(`./${name}.ts`, import.meta.url).href)}); })`;
}

const BOOT = workerBoot('jobWorker');
const RETRY_MS = 50;
const INTERRUPTED = {
  code: 'interrupted',
  message: '服务器在任务完成前重新启动，任务已中断，未保存任何结果；请重新运行 (the server restarted before the job ended; nothing was kept, run it again)',
  details: [],
};

/** The jobs still running that were started over each connection, with their progress as last told. */
const liveOf = new WeakMap<object, Map<string, Job>>();
function liveJobs(db: Db): Map<string, Job> {
  let live = liveOf.get(db.$client);
  if (!live) liveOf.set(db.$client, (live = new Map()));
  return live;
}

/**
 * A write of a job's row that never makes the thread wait: tried at once and, while a step's
 * transaction holds the write lock, again a little later; resolves once written. Progress is not
 * retried: the next progress is written instead.
 */
function write(db: Db, run: () => void, retry = true): Promise<void> {
  const sqlite = db.$client;
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    run();
    return Promise.resolve();
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    if (!retry) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, RETRY_MS)).then(() => write(db, run));
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

function failure(f: Failure): Error {
  return f.code === 'internal' ? new Error('a job’s step failed in its worker (logged there)') : new JianchaError(f.code, f.zh, f.en, f.details);
}

function errorOf(err: unknown): NonNullable<Job['error']> {
  if (err instanceof JianchaError) return { code: err.code, message: err.message, zh: err.zh, details: err.details };
  return { code: 'internal', message: '服务器内部错误 (internal error)', details: [] };
}

type Message = { type: 'progress'; done: number } | { type: 'done'; result: unknown } | { type: 'failed'; error: Failure };

/**
 * A booted worker waiting for its next step, by the outside plugins it loaded. A worker's boot took
 * seconds through tsx (half a second compiled), more than most steps, and every step paid it; one
 * is kept, not holding the process open, for the next step; a second step meanwhile boots another.
 */
const idle = new Map<string, Worker>();

function takeWorker(plugins: string[]): Worker {
  const key = plugins.join('\0');
  const kept = idle.get(key);
  if (kept) {
    idle.delete(key);
    kept.ref();
    return kept;
  }
  const worker = new Worker(BOOT, { eval: true, workerData: { plugins } });
  // a worker that fails while it waits is only logged; one that ends is no longer offered
  worker.on('error', (err) => console.error('[job worker]', err));
  worker.on('exit', () => {
    if (idle.get(key) === worker) idle.delete(key);
  });
  return worker;
}

function keepWorker(plugins: string[], worker: Worker): void {
  const key = plugins.join('\0');
  if (idle.has(key)) return void worker.terminate();
  worker.unref();
  idle.set(key, worker);
}

/** Run a step where it may hold a transaction: a worker with its own connection, or this thread alone. */
function execute(deps: AppDeps, actor: Actor, kind: StepKind, args: Record<string, unknown>, progress: (done: number) => void): Promise<unknown> {
  const sqlite = deps.db.$client;
  if (sqlite.memory) return alone(sqlite, () => runStep(deps, actor, kind, args, progress));
  const plugins = deps.registry.outside;
  const worker = takeWorker(plugins);
  return new Promise((resolve, reject) => {
    const end = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: Message) => {
      if (m.type === 'progress') return progress(m.done);
      end();
      // after a fault the worker's state is not known: it is not given another step
      if (m.type === 'failed' && m.error.code === 'internal') void worker.terminate();
      else keepWorker(plugins, worker);
      if (m.type === 'done') resolve(m.result);
      else reject(failure(m.error));
    };
    const onError = (err: Error) => {
      end();
      reject(err);
    };
    const onExit = () => {
      end();
      reject(new Error('a job’s worker ended without an answer'));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ dbPath: sqlite.name, actor, kind, args });
  });
}

/** Start a step as a job and settle it when the step ends; the promise is the step's own outcome. */
function launch(deps: AppDeps, actor: Actor, kind: StepKind, args: Record<string, unknown>, what: string): { job: Job; outcome: Promise<unknown> } {
  const { db } = deps;
  const live = liveJobs(db);
  const job: Job = {
    id: randomUUID(),
    what,
    userId: actor.userId,
    status: 'running',
    done: 0,
    result: null,
    error: null,
    startedAt: new Date().toISOString(),
    endedAt: null,
  };
  live.set(job.id, job);
  const running = and(eq(schema.jobs.id, job.id), eq(schema.jobs.status, 'running'));
  // the row's writes in order: progress or the end never come before the row itself
  let written = write(db, () =>
    db
      .insert(schema.jobs)
      .values({ ...job })
      .run(),
  );
  const settle = (outcome: Outcome) => {
    const ended = { ...outcome, status: 'error' in outcome ? ('failed' as const) : ('done' as const), endedAt: new Date().toISOString() };
    Object.assign(job, ended);
    // a job marked interrupted (by a restart that took its process for gone) stays so
    written = written
      .then(() =>
        write(db, () =>
          db
            .update(schema.jobs)
            .set({ ...ended, done: job.done })
            .where(running)
            .run(),
        ),
      )
      .finally(() => live.delete(job.id));
  };
  const outcome = execute(deps, actor, kind, args, (done) => {
    job.done = done;
    // an in-memory database has no other reader: its progress is only this process's
    if (!db.$client.memory) written = written.then(() => write(db, () => db.update(schema.jobs).set({ done }).where(running).run(), false));
  });
  outcome.then(
    (result) => settle({ result }),
    (err) => settle({ error: errorOf(err) }),
  );
  return { job, outcome };
}

/** Start a step and answer at once with its job, to follow at /api/jobs/{id}. */
export function startJob(deps: AppDeps, actor: Actor, kind: StepKind, args: Record<string, unknown>, what: string): { job: Job } {
  const { job, outcome } = launch(deps, actor, kind, args, what);
  outcome.catch(() => {});
  return { job: { ...job } };
}

/** Run a step as a job and answer with its result (or throw its error) when it ends. */
export function runJob(deps: AppDeps, actor: Actor, kind: StepKind, args: Record<string, unknown>, what: string): Promise<unknown> {
  return launch(deps, actor, kind, args, what).outcome;
}

/** A job, to the user who started it: as this process knows it while it runs, else as the database has it. */
export function getJob(db: Db, actor: Actor, id: string): Job {
  const job = liveJobs(db).get(id) ?? db.select().from(schema.jobs).where(eq(schema.jobs.id, id)).get();
  if (!job || job.userId !== actor.userId) throw new JianchaError('not-found', `没有任务 ${id}`, `no job ${id}`);
  return job;
}

/**
 * At server start: a job left running had its process end under it (its transaction rolled back
 * with that process), so it is shown interrupted. One server serves a database at a time.
 */
export function markInterruptedJobs(db: Db): number {
  return db
    .update(schema.jobs)
    .set({ status: 'interrupted', error: INTERRUPTED, endedAt: new Date().toISOString() })
    .where(eq(schema.jobs.status, 'running'))
    .run().changes;
}
