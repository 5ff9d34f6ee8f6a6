/**
 * The demo a newcomer sees on first start: each plugin that gives a demo (`"demo": "demo.json"` in
 * plugin.json) gets its example campaign over a seeded synthetic registry, assigned, drawn and
 * graded; where its demo staff has a clerk and a head, the bureau's declarations and first reviews too.
 */
import type { Decider } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { transaction } from '../db/store.ts';
import { syntheticPopulation } from '../synthetic.ts';
import { sampleBasics } from '../declarationForm.ts';
import { addWorkingDays } from '../calendar.ts';
import type { Finding } from '../db/schema/review.ts';
import type { Facts } from '../types.ts';
import type { Actor } from './actor.ts';
import { declare } from './declarations.ts';
import { approveReview, assignReviewers, listReviews, recordReview } from './reviews.ts';
import { campaignDeadlines, createCampaign, type Campaign } from './campaign.ts';
import { draw } from './draw.ts';
import { storeEmployers } from './employerImport.ts';
import { runGrading } from './gradingRun.ts';
import { assignJurisdiction } from './jurisdictionRun.ts';
import { syncBureaus } from './bureaus.ts';
import { eq } from 'drizzle-orm';
import { type DemoStaff, demoPlans } from './demoData.ts';
import { recordWithin } from './yearRecordColumns.ts';

export async function seedDemo(
  db: Db,
  decider: Decider,
  actor: Actor,
  opts: { employers: number; staff?: Record<string, DemoStaff>; progress?: (line: string) => void },
): Promise<number[]> {
  const registry = decider.registry;
  await syncBureaus(db, registry);
  const ids: number[] = [];
  for (const demo of demoPlans(registry)) {
    const { plugin, settings } = demo;
    const people = [...syntheticPopulation(plugin, opts.employers, demo.populationSeed)];
    const step = (what: string) => opts.progress?.(`${plugin.manifest.name}：${what}`);
    await storeEmployers(db, actor, plugin.id, people as never, `demo:${plugin.id}`);
    step(`已生成 ${people.length} 家用人单位`);
    const campaign = await createCampaign(db, registry, actor, { plugin: plugin.id, year: settings.year as number, bureau: demo.bureau, settings });
    await assignJurisdiction(db, decider, actor, campaign.id);
    step('已划分管辖');
    const recordOf = recordWithin(plugin);
    await transaction(db, async (tx) => {
      // the region's ids read at once and the records written a thousand a statement, not two queries an employer
      const e = schema.employers;
      const idOf = new Map((await tx.select({ id: e.id, code: e.creditCode }).from(e).where(eq(e.region, plugin.id))).map((r) => [r.code, r.id]));
      const rows = people.map((p) => ({ campaignId: campaign.id, employerId: idOf.get(p.creditCode as string)!, facts: recordOf(p) }));
      for (let i = 0; i < rows.length; i += 1000) await tx.insert(schema.yearRecords).values(rows.slice(i, i + 1000));
    });
    await draw(db, decider, actor, campaign.id, demo.seed);
    step('已抽取审查名单');
    const staff = opts.staff?.[demo.bureau];
    if (staff) await declareAndReview(db, decider, campaign, staff, new Map(people.map((p) => [p.creditCode as string, p])), demo.reviewed ?? 0);
    await runGrading(db, decider, actor, campaign.id);
    step('已完成等级初评');
    ids.push(campaign.id);
  }
  return ids;
}

/**
 * The written review as a bureau lives it: every drawn employer of the bureau declares (those the
 * synthetic record marks overdue, three working days late), and the first reviews are recorded by
 * the clerk from the synthetic findings and approved by the head.
 */
async function declareAndReview(db: Db, decider: Decider, campaign: Campaign, staff: DemoStaff, people: Map<string, Facts>, reviewed: number): Promise<void> {
  await assignReviewers(db, staff.head, campaign.id, [staff.clerk.username], campaign.bureauId);
  const due = campaignDeadlines(campaign).declaration;
  const drawn = listReviews(db, staff.head, campaign.id).filter((r) => r.bureauId === campaign.bureauId);
  for (const [i, r] of drawn.entries()) {
    const p = people.get(r.creditCode);
    if (!p) continue;
    const late = (p.writtenReview as { overdue: boolean }).overdue;
    const roster = Array.from({ length: Math.min(p.headcount as number, 60) }, (_, k) => ({ id: `${String(k + 1).padStart(4, '0')}`, name: `职工${k + 1}` }));
    await declare(db, decider, staff.clerk, campaign.id, r.creditCode, {
      basics: sampleBasics(decider.registry.get(campaign.plugin), roster.length),
      roster,
      submittedOn: late ? addWorkingDays(due, 3) : due,
      submittedOnReason: '演示数据：纸质申报补录',
    });
    if (i < reviewed) {
      await recordReview(db, decider, staff.clerk, campaign.id, r.creditCode, {
        findings: (p.violations as Finding[]) ?? [],
        undetermined: p.undetermined === true,
      });
      await approveReview(db, staff.head, campaign.id, r.creditCode);
    }
  }
}
