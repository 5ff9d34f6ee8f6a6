/**
 * The demo a newcomer sees on first start: the 重庆江津 2023 and 新疆昌吉 2024 example campaigns with
 * a seeded synthetic registry, assigned, drawn and graded; with demo staff, the 江津 declarations and
 * the first reviews too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decider } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { syntheticPopulation } from '../synthetic.ts';
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

export const DEMO_CAMPAIGNS = [
  { plugin: 'chongqing-jiangjin', bureau: 'cq-jiangjin', seed: '江津区2023年度书面审查公开抽取', populationSeed: 500116 },
  { plugin: 'xinjiang-changji', bureau: 'changji-prefecture', seed: '昌吉州2024年度书面审查公开抽取', populationSeed: 652300 },
];

/** A bureau's demo staff: with them the demo also shows declarations and approved reviews. */
export interface DemoStaff {
  clerk: Actor;
  head: Actor;
}

export async function seedDemo(
  db: Db,
  decider: Decider,
  actor: Actor,
  opts: { employers: number; staff?: Record<string, DemoStaff>; progress?: (line: string) => void },
): Promise<number[]> {
  const registry = decider.registry;
  syncBureaus(db, registry);
  const ids: number[] = [];
  for (const demo of DEMO_CAMPAIGNS) {
    const plugin = registry.get(demo.plugin);
    const settings = JSON.parse(readFileSync(join(plugin.dir, plugin.manifest.exampleCampaign!), 'utf8')) as Record<string, unknown>;
    const people = [...syntheticPopulation(plugin, opts.employers, demo.populationSeed)];
    const step = (what: string) => opts.progress?.(`${plugin.manifest.name}：${what}`);
    await storeEmployers(db, actor, demo.plugin, people as never, `demo:${demo.plugin}`);
    step(`已生成 ${people.length} 家用人单位`);
    const campaign = createCampaign(db, registry, actor, { plugin: demo.plugin, year: settings.year as number, bureau: demo.bureau, settings });
    await assignJurisdiction(db, decider, actor, campaign.id);
    step('已划分管辖');
    db.transaction((tx) => {
      for (const p of people) {
        const employer = tx
          .select({ id: schema.employers.id })
          .from(schema.employers)
          .where(eq(schema.employers.creditCode, p.creditCode as string))
          .get()!;
        const review = p.writtenReview as { overdue: boolean; overdueExcused: boolean };
        tx.insert(schema.yearRecords)
          .values({
            campaignId: campaign.id,
            employerId: employer.id,
            punishedCount: p.punishedCount as number,
            childLabour: p.childLabour as boolean,
            forcedLabour: p.forcedLabour as boolean,
            massIncident: p.massIncident as boolean,
            refusedOrders: p.refusedOrders as boolean,
            obstructedInspection: p.obstructedInspection as boolean,
            criminalLiability: p.criminalLiability as boolean,
            wageArrearsBlacklist: p.wageArrearsBlacklist as boolean,
            majorViolationPublished: p.majorViolationPublished as boolean,
            inspected: p.inspected as boolean,
            reviewOverdue: review.overdue,
            reviewOverdueExcused: review.overdueExcused,
          })
          .run();
      }
    });
    await draw(db, decider, actor, campaign.id, demo.seed);
    step('已抽取审查名单');
    const staff = opts.staff?.[demo.bureau];
    if (staff) await declareAndReview(db, decider, campaign, staff, new Map(people.map((p) => [p.creditCode as string, p])));
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
async function declareAndReview(db: Db, decider: Decider, campaign: Campaign, staff: DemoStaff, people: Map<string, Facts>): Promise<void> {
  const reviewed = 30;
  assignReviewers(db, staff.head, campaign.id, [staff.clerk.username], campaign.bureauId);
  const due = campaignDeadlines(campaign).declaration;
  const drawn = listReviews(db, staff.head, campaign.id).filter((r) => r.bureauId === campaign.bureauId);
  for (const [i, r] of drawn.entries()) {
    const p = people.get(r.creditCode);
    if (!p) continue;
    const late = (p.writtenReview as { overdue: boolean }).overdue;
    const roster = Array.from({ length: Math.min(p.headcount as number, 60) }, (_, k) => ({ id: `${String(k + 1).padStart(4, '0')}`, name: `职工${k + 1}` }));
    await declare(db, decider, staff.clerk, campaign.id, r.creditCode, {
      basics: { insuredPension: roster.length, insuredMedical: roster.length },
      roster,
      submittedOn: late ? addWorkingDays(due, 3) : due,
      submittedOnReason: '演示数据：纸质申报补录',
    });
    if (i < reviewed) {
      await recordReview(db, decider, staff.clerk, campaign.id, r.creditCode, {
        findings: (p.violations as Finding[]) ?? [],
        undetermined: p.undetermined === true,
      });
      approveReview(db, staff.head, campaign.id, r.creditCode);
    }
  }
}
