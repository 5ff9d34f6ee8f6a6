/** The long steps a job may run, by name, so a worker thread can be told which. */
import { Buffer } from 'node:buffer';
import type { Actor } from '../core/services/actor.ts';
import { importEmployers } from '../core/services/employerImport.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { formatOf } from '../core/services/spreadsheet.ts';
import type { AppDeps } from './context.ts';

export type StepKind = 'import' | 'assign' | 'grading';

export function runStep(deps: Pick<AppDeps, 'db' | 'registry' | 'decider'>, actor: Actor, kind: StepKind, args: Record<string, unknown>, progress: (done: number) => void): Promise<unknown> {
  const { db, registry, decider } = deps;
  if (kind === 'import') {
    const name = args.name as string;
    return importEmployers(db, registry, actor, Buffer.from(args.data as Uint8Array), formatOf(name), name, progress, args.region as string | undefined);
  }
  if (kind === 'assign') return assignJurisdiction(db, decider, actor, args.campaignId as number, progress);
  return runGrading(db, decider, actor, args.campaignId as number, progress);
}
