/** A worker thread running one long step on its own database connection (see jobs.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../core/db/index.ts';
import { deciderWithEdits } from '../core/services/rulesetEdits.ts';
import { errorOf } from './jobs.ts';
import { runStep } from './steps.ts';

const { dbPath, actor, kind, args } = workerData;
try {
  const db = openDatabase(dbPath);
  const decider = await deciderWithEdits(db);
  const result = await runStep({ db, registry: decider.registry, decider }, actor, kind, args, (done) => parentPort!.postMessage({ type: 'progress', done }));
  parentPort!.postMessage({ type: 'done', result });
} catch (err) {
  if (!(err instanceof Error && 'code' in err)) console.error(err);
  parentPort!.postMessage({ type: 'failed', error: errorOf(err) });
}
