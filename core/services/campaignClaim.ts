/**
 * A long step's claim on its campaign. The grading run computes its grades from a read snapshot,
 * outside the write lock, so that declarations and reviews of other campaigns go on meanwhile; the
 * claim keeps the campaign's own inputs (declarations, reviews, year records) and its other steps
 * still until the grades are applied, so the snapshot cannot miss a write that answered 2xx.
 *
 * A claim names the process that holds it: one whose process is gone (kill -9, a crash) is stale and
 * taken over, so a campaign is never locked for good.
 */
import { eq } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { now } from './actor.ts';
import type { Campaign } from './campaign.ts';

const STEPS: Record<string, string> = { grading: '评价' };

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists, under another user
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Throws while another step holds the campaign. */
export function requireUnclaimed(campaign: Pick<Campaign, 'id' | 'running'>, action: { zh: string; en: string }): void {
  const r = campaign.running;
  if (r && alive(r.pid))
    throw new JianchaError(
      'conflict',
      `活动 ${campaign.id} 正在${STEPS[r.step] ?? r.step}（${r.since.slice(0, 19).replace('T', ' ')} 起），请稍后再${action.zh}`,
      `campaign ${campaign.id} is running ${r.step} since ${r.since}: ${action.en} later`,
    );
}

/** The campaign as it is now, within the caller's write transaction: what a check outside it read may be stale. */
export async function campaignNow(tx: Db, id: number): Promise<Campaign> {
  return (await first(tx.select().from(schema.campaigns).where(eq(schema.campaigns.id, id)))) as Campaign;
}

/** Claim the campaign for `step` (one short write transaction), after `check` passes on its current state. */
export async function claimCampaign(db: Db, id: number, step: string, check: (campaign: Campaign) => Promise<void>): Promise<void> {
  await transaction(db, async (tx) => {
    const campaign = await campaignNow(tx, id);
    await check(campaign);
    await tx
      .update(schema.campaigns)
      .set({ running: { step, pid: process.pid, since: now() } })
      .where(eq(schema.campaigns.id, id));
  });
}

/** Give the claim up (inside the transaction that applies the step's result, or in one of its own after it failed). */
export async function releaseCampaign(db: Db, id: number): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.update(schema.campaigns).set({ running: null }).where(eq(schema.campaigns.id, id));
  });
}
