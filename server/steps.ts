/**
 * The long steps, by name, so a worker thread can be told which: every step that holds a transaction
 * over awaits or works through a whole registry or population runs as one of these, never on the
 * server's shared connection (jobs.ts). What each returns crosses to the server as structured data.
 */
import { Buffer } from 'node:buffer';
import type { Actor } from '../core/services/actor.ts';
import { draw, drawSummary, verifyDraw, type ManualAddition } from '../core/services/draw.ts';
import { importEmployers } from '../core/services/employerImport.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { formatOf } from '../core/services/spreadsheet.ts';
import { planSupervision } from '../core/services/supervision.ts';
import { importYearRecords } from '../core/services/yearRecords.ts';
import type { AppDeps } from './context.ts';

export type StepKind = 'import' | 'records' | 'assign' | 'draw' | 'verify-draw' | 'grading' | 'supervision';

export async function runStep(
  deps: Pick<AppDeps, 'db' | 'registry' | 'decider'>,
  actor: Actor,
  kind: StepKind,
  args: Record<string, unknown>,
  progress: (done: number) => void,
): Promise<unknown> {
  const { db, registry, decider } = deps;
  const campaignId = args.campaignId as number;
  const name = args.name as string;
  switch (kind) {
    case 'import':
      return importEmployers(db, registry, actor, Buffer.from(args.data as Uint8Array), formatOf(name), name, progress, args.region as string | undefined);
    case 'records':
      return importYearRecords(db, actor, campaignId, Buffer.from(args.data as Uint8Array), formatOf(name), name, registry);
    case 'assign':
      return assignJurisdiction(db, decider, actor, campaignId, progress);
    case 'draw': {
      const plan = await draw(db, decider, actor, campaignId, args.seed as string, args.manual as ManualAddition[]);
      return drawSummary(plan);
    }
    case 'verify-draw':
      return verifyDraw(db, decider, actor, campaignId);
    case 'grading':
      return runGrading(db, decider, actor, campaignId, progress);
    case 'supervision':
      return planSupervision(db, decider, actor, campaignId);
  }
}
