/**
 * Long steps (an import or a grading run of 100,000 employers) as jobs: each runs in a worker thread
 * with its own database connection, so the server keeps answering (and the console can poll its
 * progress) while one transaction holds the write lock. An in-memory database cannot be shared with
 * a worker: there the step runs in this thread.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { JianchaError } from '../core/errors.ts';
import { compiled } from '../core/projectRoot.ts';
import type { Actor } from '../core/services/actor.ts';
import type { AppDeps } from './context.ts';
import { runStep, type StepKind } from './steps.ts';

export interface Job {
  id: string;
  what: string;
  userId: number;
  status: 'running' | 'done' | 'failed';
  done: number;
  result?: unknown;
  error?: { code: string; message: string; details: unknown[] };
  startedAt: string;
  endedAt?: string;
}

const jobs = new Map<string, Job>();
/**
 * What a worker evaluates to load `name` (a module beside this file): compiled (dist/), its .js twin;
 * through tsx, a worker does not inherit the TypeScript loader this thread has: it registers it first.
 */
export function workerBoot(name: string): string {
  if (compiled) return `import(${JSON.stringify(new URL(`./${name}.js`, import.meta.url).href)})`;
  return `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL(`./${name}.ts`, import.meta.url).href)}); })`;
}

const BOOT = workerBoot('jobWorker');
const KEEP = 200;

function finish(job: Job, outcome: { result?: unknown; error?: Job['error'] }): void {
  Object.assign(job, outcome, { status: outcome.error ? 'failed' : 'done', endedAt: new Date().toISOString() });
}

export function errorOf(err: unknown): NonNullable<Job['error']> {
  if (err instanceof JianchaError) return { code: err.code, message: err.message, details: err.details };
  return { code: 'internal', message: '服务器内部错误 (internal error)', details: [] };
}

export function startJob(deps: AppDeps, actor: Actor, kind: StepKind, args: Record<string, unknown>, what: string): { job: Job } {
  const job: Job = { id: randomUUID(), what, userId: actor.userId, status: 'running', done: 0, startedAt: new Date().toISOString() };
  jobs.set(job.id, job);
  for (const id of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEEP))) jobs.delete(id);
  const dbPath = deps.db.$client.name;
  if (deps.db.$client.memory) {
    runStep(deps, actor, kind, args, (done) => (job.done = done)).then(
      (result) => finish(job, { result }),
      (err) => finish(job, { error: errorOf(err) }),
    );
    return { job };
  }
  const worker = new Worker(BOOT, { eval: true, workerData: { dbPath, actor, kind, args } });
  worker.on('message', (m: { type: 'progress'; done: number } | { type: 'done'; result: unknown } | { type: 'failed'; error: Job['error'] }) => {
    if (m.type === 'progress') job.done = m.done;
    else finish(job, m.type === 'done' ? { result: m.result } : { error: m.error });
  });
  worker.on('error', (err) => {
    console.error(`[job ${job.id}]`, err);
    finish(job, { error: errorOf(err) });
  });
  return { job };
}

/** A job, to the user who started it. */
export function getJob(actor: Actor, id: string): Job {
  const job = jobs.get(id);
  if (!job || job.userId !== actor.userId) throw new JianchaError('not-found', `没有任务 ${id}`, `no job ${id}`);
  return job;
}
