/**
 * One step of the lifecycle benchmark, in a process of its own so that the peak RSS it reports is
 * the step's (process.resourceUsage().maxRSS never comes down): `lifecycleStep.ts STEP DIR`, on
 * DIR/bench.db and the files the benchmark wrote to DIR. Prints one line of JSON.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { readJsonFile } from '../core/jsonFile.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { draw } from '../core/services/draw.ts';
import { importEmployers } from '../core/services/employerImport.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';

export type Step = 'import' | 'import-xlsx' | 'jurisdiction' | 'draw' | 'grading';
export interface StepResult {
  seconds: number;
  /** RSS when the step began, the registry loaded and the database open */
  startMiB: number;
  peakMiB: number;
}

const [step, dir] = process.argv.slice(2) as [Step, string];
const registry = await loadRegistry();
const decider = new Decider(registry);
// the XLSX import goes to a database of its own, leaving the lifecycle's alone
const db = openDatabase(join(dir, step === 'import-xlsx' ? 'xlsx.db' : 'bench.db'));
const admin = await localAdministrator(db);
const CAMPAIGN = 1;

// what a step needs before it, outside its time
if (step === 'import' || step === 'import-xlsx') await syncBureaus(db, registry);
if (step === 'jurisdiction') {
  const settings = readJsonFile(join(projectRoot, 'plugins/chongqing-jiangjin/campaign.example.json')) as Record<string, unknown>;
  await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
}

const work: Record<Step, () => Promise<unknown>> = {
  import: () => importEmployers(db, registry, admin, createReadStream(join(dir, 'registry.csv')), 'csv', 'registry.csv', undefined, 'chongqing-jiangjin'),
  'import-xlsx': () =>
    importEmployers(db, registry, admin, createReadStream(join(dir, 'registry.xlsx')), 'xlsx', 'registry.xlsx', undefined, 'chongqing-jiangjin'),
  jurisdiction: () => assignJurisdiction(db, decider, admin, CAMPAIGN),
  draw: () => draw(db, decider, admin, CAMPAIGN, 'bench seed'),
  grading: () => runGrading(db, decider, admin, CAMPAIGN),
};
const startMiB = process.memoryUsage().rss / 2 ** 20;
const start = process.hrtime.bigint();
await work[step]();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
db.$client.close();
const result: StepResult = { seconds, startMiB, peakMiB: process.resourceUsage().maxRSS / 1024 };
console.log(JSON.stringify(result));
