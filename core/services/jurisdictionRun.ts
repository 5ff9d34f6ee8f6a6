/**
 * Jurisdiction over the registry of the campaign's region for a campaign: each employer gets its
 * bureau, or is out of scope, with the rule and basis that decided it.
 */
import { eq } from 'drizzle-orm';
import type { Decider } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { requireStep } from '../policy.ts';
import { requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction, PROGRESS_EVERY, rowWriter, type Progress } from './batch.ts';
import { advanceStatus, campaignDate, getCampaign, requireStatus } from './campaign.ts';
import { employerFacts } from './employerFacts.ts';
import { regionOf } from './bureaus.ts';
import { employerPages } from './population.ts';

export interface AssignResult {
  employers: number;
  inScope: number;
  byBureau: Record<string, number>;
}

export async function assignJurisdiction(db: Db, decider: Decider, actor: Actor, campaignId: number, onProgress?: Progress): Promise<AssignResult> {
  const campaign = getCampaign(db, actor, campaignId);
  requireBureau(actor, campaign.bureauId);
  requireStep(actor, 'assign', campaign.plugin);
  // the draw, the declarations, reviews and grades all rest on this jurisdiction: once drawn, a new
  // one would change who is in the campaign under them (and the draw could no longer be verified)
  requireStatus(campaign, 'created', { zh: '划分管辖', en: 'assign jurisdiction' }, 'assigned');
  // a batch decides with the rules in force as it starts
  await decider.refresh();
  const at = campaignDate(campaign);
  const prepared = decider.prepare(campaign.plugin, 'jurisdiction', at);
  return inTransaction(db, { zh: '划分管辖', en: 'assign jurisdiction' }, async () => {
    const result: AssignResult = { employers: 0, inScope: 0, byBureau: {} };
    await db.delete(schema.assignments).where(eq(schema.assignments.campaignId, campaignId));
    const assignments = rowWriter(db, 'INSERT OR REPLACE INTO assignments (campaign_id, employer_id, in_scope, bureau_id, reason, basis)', 6);
    function* employers() {
      for (const page of employerPages(db, regionOf(db, campaign.bureauId))) for (const e of page) yield { id: e.id, facts: employerFacts(e, campaign.year) };
    }
    await decider.decideEach(
      campaign.plugin,
      'jurisdiction',
      employers(),
      ({ result: r }, e) => {
        assignments.add([campaignId, e.id, r.inScope ? 1 : 0, r.bureau, r.reason, r.reasons[0]?.basis ?? '']);
        if (++result.employers % PROGRESS_EVERY === 0) onProgress?.(result.employers);
        if (r.inScope && r.bureau) {
          result.inScope++;
          result.byBureau[r.bureau] = (result.byBureau[r.bureau] ?? 0) + 1;
        }
      },
      { at },
    );
    assignments.flush();
    await db.update(schema.campaigns).set({ assignmentRulesetHash: prepared.hash }).where(eq(schema.campaigns.id, campaignId));
    await advanceStatus(db, campaign, 'assigned');
    await audit(db, actor, 'assign', 'campaign', campaignId, null, { ...result, rulesetHash: prepared.hash });
    return result;
  });
}
