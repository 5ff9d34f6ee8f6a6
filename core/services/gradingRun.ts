/**
 * The grading run: each employer of the campaign's population gets its preliminary grade from its
 * registry record and year record, with the reasons and basis, all applied in one transaction.
 */
import { eq } from 'drizzle-orm';
import type { Decider } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { today } from '../facts.ts';
import { requireStep } from '../policy.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { PROGRESS_EVERY, requireOwnConnection, rowWriter, type Progress } from './batch.ts';
import { advanceStatus, campaignDate, getCampaign, requireStatus, type Campaign } from './campaign.ts';
import { campaignNow, claimCampaign, releaseCampaign } from './campaignClaim.ts';
import { employerFacts } from './employerFacts.ts';
import { populationPages } from './population.ts';
import { yearRecordsReader } from './yearRecords.ts';

export interface GradingRunResult {
  runId: number;
  employers: number;
  counts: Record<string, number>;
  rulesetHash: string;
}

const GRADE = { zh: '评价等级', en: 'grade' };

/** Whether the campaign may be graded now: drawn, not yet in publicity, and no grade changed by a head. */
async function requireGradable(db: Db, campaign: Campaign): Promise<void> {
  // a new run would overwrite grades in publicity, published, or changed by a head's approval
  requireStatus(campaign, 'drawn', GRADE, 'graded');
  if (await first(db.select().from(schema.gradeChanges).where(eq(schema.gradeChanges.campaignId, campaign.id)))) {
    throw new JianchaError('conflict', `活动 ${campaign.id} 的等级已有变更，不能重新初评`, `campaign ${campaign.id}'s grades have been changed: no new run`);
  }
}

/**
 * The run claims the campaign, computes every grade from one read snapshot into a temporary table
 * (no write lock held, so the server's other writes go on), then applies them in one short write
 * transaction: all or nothing as before, but other bureaus' declarations wait for the apply only,
 * not for the whole run.
 */
export async function runGrading(db: Db, decider: Decider, actor: Actor, campaignId: number, onProgress?: Progress): Promise<GradingRunResult> {
  const campaign = getCampaign(db, actor, campaignId);
  requireBureau(actor, campaign.bureauId);
  requireStep(actor, 'grading', campaign.plugin);
  await requireGradable(db, campaign);
  requireOwnConnection(db);
  // a batch decides with the rules in force as it starts
  await decider.refresh();
  const at = campaignDate(campaign);
  const prepared = decider.prepare(campaign.plugin, 'grading', at);
  const on = today();
  const sqlite = db.$client;
  await claimCampaign(db, campaignId, 'grading', (now) => requireGradable(db, now));
  try {
    sqlite.exec('DROP TABLE IF EXISTS temp.grading_new');
    sqlite.exec('CREATE TEMP TABLE grading_new (employer_id INTEGER PRIMARY KEY, grade TEXT, graded INTEGER NOT NULL, label TEXT, reasons TEXT NOT NULL)');
    const counts: Record<string, number> = {};
    let employers = 0;
    // one snapshot for every page: an import committed meanwhile is seen by the next run, not half by this one
    sqlite.exec('BEGIN');
    try {
      const grades = rowWriter(db, 'INSERT INTO temp.grading_new (employer_id, grade, graded, label, reasons)', 5);
      const recordsOf = yearRecordsReader(db, campaign, on, decider.registry.get(campaign.plugin));
      // a few queries per page, not per employer
      function* population() {
        for (const page of populationPages(db, campaign)) {
          const records = recordsOf(page.map((e) => e.id));
          for (const e of page) yield { id: e.id, facts: employerFacts(e, campaign.year, { record: records.get(e.id) }) };
        }
      }
      await decider.decideEach(
        campaign.plugin,
        'grading',
        population(),
        ({ result }, e) => {
          grades.add([e.id, result.grade, result.graded ? 1 : 0, result.label, JSON.stringify(result.reasons)]);
          const key = result.grade ?? (result.registeredOnly ? 'registeredOnly' : 'notGraded');
          counts[key] = (counts[key] ?? 0) + 1;
          if (++employers % PROGRESS_EVERY === 0) return onProgress?.(employers);
        },
        { at },
      );
      grades.flush();
    } finally {
      sqlite.exec('COMMIT');
    }
    return await transaction(db, async (tx) => {
      // as it is now, the claim aside: a step that checked the campaign before the claim may have moved it on since
      await requireGradable(tx, { ...(await campaignNow(tx, campaignId)), running: null });
      const run = (await first(
        tx
          .insert(schema.gradingRuns)
          .values({ campaignId, rulesetHash: prepared.hash, graded: employers, counts, createdBy: actor.userId, createdAt: now() })
          .returning(),
      ))!;
      sqlite
        .prepare(
          `INSERT INTO grades (campaign_id, employer_id, run_id, grade, graded, label, reasons, status)
             SELECT ?, employer_id, ?, grade, graded, label, reasons, 'preliminary' FROM temp.grading_new WHERE true
             ON CONFLICT (campaign_id, employer_id) DO UPDATE SET run_id = excluded.run_id, grade = excluded.grade, graded = excluded.graded,
             label = excluded.label, reasons = excluded.reasons, status = 'preliminary'`,
        )
        .run(campaignId, run.id);
      await advanceStatus(tx, campaign, 'graded');
      await releaseCampaign(tx, campaignId);
      await audit(tx, actor, 'grade', 'campaign', campaignId, null, { runId: run.id, employers, counts, rulesetHash: prepared.hash });
      return { runId: run.id, employers, counts, rulesetHash: prepared.hash };
    });
  } catch (err) {
    await releaseCampaign(db, campaignId);
    throw err;
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.grading_new');
  }
}
