/**
 * The grading run: each employer of the campaign's population gets its preliminary grade from its
 * registry record and year record, with the reasons and basis, in one transaction.
 */
import { eq } from 'drizzle-orm';
import type { Decider } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import { today } from '../facts.ts';
import { requireStep } from '../policy.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction, PROGRESS_EVERY, rowWriter, type Progress } from './batch.ts';
import { advanceStatus, campaignDate, getCampaign, requireStatus } from './campaign.ts';
import { employerFacts } from './employerFacts.ts';
import { populationPages } from './population.ts';
import { recordFacts, yearRecordsReader } from './yearRecords.ts';

export interface GradingRunResult {
  runId: number;
  employers: number;
  counts: Record<string, number>;
  rulesetHash: string;
}

export async function runGrading(db: Db, decider: Decider, actor: Actor, campaignId: number, onProgress?: Progress): Promise<GradingRunResult> {
  const campaign = getCampaign(db, actor, campaignId);
  requireBureau(actor, campaign.bureauId);
  requireStep(actor, 'grading', campaign.plugin);
  // a new run would overwrite grades in publicity, published, or changed by a head's approval
  requireStatus(campaign, 'drawn', { zh: '评价等级', en: 'grade' }, 'graded');
  if (db.select().from(schema.gradeChanges).where(eq(schema.gradeChanges.campaignId, campaignId)).get()) {
    throw new JianchaError('conflict', `活动 ${campaignId} 的等级已有变更，不能重新初评`, `campaign ${campaignId}'s grades have been changed: no new run`);
  }
  // a batch decides with the rules in force as it starts
  await decider.refresh();
  const at = campaignDate(campaign);
  const prepared = decider.prepare(campaign.plugin, 'grading', at);
  const on = today();
  return inTransaction(db, { zh: '评价', en: 'grade' }, async () => {
    const run = db
      .insert(schema.gradingRuns)
      .values({ campaignId, rulesetHash: prepared.hash, graded: 0, counts: {}, createdBy: actor.userId, createdAt: now() })
      .returning()
      .get();
    const grades = rowWriter(
      db,
      'INSERT INTO grades (campaign_id, employer_id, run_id, grade, graded, label, reasons, status)',
      8,
      `ON CONFLICT (campaign_id, employer_id) DO UPDATE SET run_id = excluded.run_id, grade = excluded.grade, graded = excluded.graded,
       label = excluded.label, reasons = excluded.reasons, status = 'preliminary'`,
    );
    const counts: Record<string, number> = {};
    const recordsOf = yearRecordsReader(db, campaign, on);
    let employers = 0;
    for (const page of populationPages(db, campaign)) {
      // a few queries per page, not per employer
      const records = recordsOf(page.map((e) => e.id));
      for (const e of page) {
        // added to the object employerFacts made: a spread of two objects into a third costs tens of µs
        const facts = Object.assign(employerFacts(e, campaign.year), recordFacts(records.get(e.id)!));
        // an await per employer costs a microtask each: only the fallback's promise is awaited
        const evaluation = decider.evaluate(prepared, facts, at);
        const { result } = evaluation instanceof Promise ? await evaluation : evaluation;
        grades.add([campaignId, e.id, run.id, result.grade, result.graded ? 1 : 0, result.label, JSON.stringify(result.reasons), 'preliminary']);
        const key = result.grade ?? (result.registeredOnly ? 'registeredOnly' : 'notGraded');
        counts[key] = (counts[key] ?? 0) + 1;
        if (++employers % PROGRESS_EVERY === 0) onProgress?.(employers);
      }
    }
    grades.flush();
    db.update(schema.gradingRuns).set({ graded: employers, counts }).where(eq(schema.gradingRuns.id, run.id)).run();
    advanceStatus(db, campaign, 'graded');
    audit(db, actor, 'grade', 'campaign', campaignId, null, { runId: run.id, employers, counts, rulesetHash: prepared.hash });
    return { runId: run.id, employers, counts, rulesetHash: prepared.hash };
  });
}
