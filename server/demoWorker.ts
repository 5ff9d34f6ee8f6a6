/**
 * npm start on an empty database: the demo seeded in a worker thread on its own connection, so the
 * server already answers (with a notice) while 2,000 employers per region are generated and graded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { seedDemo } from '../core/services/demo.ts';
import { loadRegistryWithEdits } from '../core/services/rulesetEdits.ts';

const { dbPath, admin, staff, employers } = workerData;
const db = openDatabase(dbPath);
const registry = await loadRegistryWithEdits(db);
await seedDemo(db, new Decider(registry), admin, { employers, staff, progress: (line) => parentPort!.postMessage(line) });
db.$client.close();
