/** A worker thread running one long step on its own database connection (see jobs.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../core/db/index.ts';
import { JianchaError } from '../core/errors.ts';
import { deciderWithEdits } from '../core/services/rulesetEdits.ts';
import { runStep } from './steps.ts';

const { dbPath, plugins, actor, kind, args } = workerData;
try {
  const db = openDatabase(dbPath);
  // the outside plugins the server was given, not only those of this process's JIANCHA_PLUGINS
  const decider = await deciderWithEdits(db, undefined, plugins);
  const result = await runStep({ db, registry: decider.registry, decider }, actor, kind, args, (done) => parentPort!.postMessage({ type: 'progress', done }));
  db.$client.close();
  parentPort!.postMessage({ type: 'done', result });
} catch (err) {
  // a user's error crosses whole, to be thrown again on the server's side; a fault is logged here
  if (err instanceof JianchaError) parentPort!.postMessage({ type: 'failed', error: { code: err.code, zh: err.zh, en: err.en, details: err.details } });
  else {
    console.error(err);
    parentPort!.postMessage({ type: 'failed', error: { code: 'internal' } });
  }
}
