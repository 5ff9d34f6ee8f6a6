/**
 * A worker thread running long steps on its own database connection (see jobs.ts), one at a time,
 * each as the server posts it. Booting one (its modules, the plugins, their schemas) costs more than
 * most steps, so it stays for the next: the connection and the rules it loaded are kept for the
 * database the last step ran on, the rules reloaded before each step when an edit changed them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Decider } from '../core/decide.ts';
import { openDatabase, type Db } from '../core/db/index.ts';
import { JianchaError } from '../core/errors.ts';
import type { Actor } from '../core/services/actor.ts';
import { deciderWithEdits } from '../core/services/rulesetEdits.ts';
import { runStep, type StepKind } from './steps.ts';

/** the outside plugins the server was given, not only those of this process's JIANCHA_PLUGINS */
const { plugins } = workerData as { plugins: string[] };
let open: { dbPath: string; db: Db; decider: Decider } | undefined;

async function connection(dbPath: string) {
  if (open?.dbPath === dbPath) return open;
  open?.db.$client.close();
  open = undefined;
  const db = openDatabase(dbPath);
  try {
    open = { dbPath, db, decider: await deciderWithEdits(db, undefined, plugins) };
  } catch (err) {
    db.$client.close();
    throw err;
  }
  return open;
}

parentPort!.on('message', async (job: { dbPath: string; actor: Actor; kind: StepKind; args: Record<string, unknown> }) => {
  try {
    const { db, decider } = await connection(job.dbPath);
    const registry = await decider.refresh();
    const result = await runStep({ db, registry, decider }, job.actor, job.kind, job.args, (done) => parentPort!.postMessage({ type: 'progress', done }));
    parentPort!.postMessage({ type: 'done', result });
  } catch (err) {
    // a user's error crosses whole, to be thrown again on the server's side; a fault is logged here
    if (err instanceof JianchaError) parentPort!.postMessage({ type: 'failed', error: { code: err.code, zh: err.zh, en: err.en, details: err.details } });
    else {
      console.error(err);
      parentPort!.postMessage({ type: 'failed', error: { code: 'internal' } });
    }
  }
});
