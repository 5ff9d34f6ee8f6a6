/**
 * The screening of preliminary grades the 重庆 notice asks for (通过系统对全市守法诚信等级评价初评
 * 结果进行大数据筛查，避免出现同一主体不同等级、非企业性质参加评级和未实施劳动保障监察却产生评级结果等
 * 情况): one entity with two grades in the same year, a non-enterprise graded, a grade with no
 * inspection behind it. It reports; it changes nothing.
 */
import { and, eq, ne } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { requireStep } from '../policy.ts';
import type { Actor } from './actor.ts';
import { getCampaign } from './campaign.ts';
import { visibility } from './population.ts';
import { approvedReviews } from './reviews.ts';

export type ScreeningCheck = 'twoGrades' | 'nonEnterprise' | 'noInspection';

export const CHECKS: Record<ScreeningCheck, string> = {
  twoGrades: '同一主体不同等级',
  nonEnterprise: '非企业性质参加评级',
  noInspection: '未实施劳动保障监察却产生评级结果',
};

export interface ScreeningFinding {
  check: ScreeningCheck;
  label: string;
  creditCode: string;
  name: string;
  detail: string;
}

export function screenGrades(db: Db, actor: Actor, campaignId: number): { findings: ScreeningFinding[]; counts: Record<ScreeningCheck, number> } {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'screening', campaign.plugin);
  const g = schema.grades;
  const e = schema.employers;
  const graded = db
    .select({ employerId: g.employerId, grade: g.grade, creditCode: e.creditCode, name: e.name, unitType: e.unitType, bureau: schema.assignments.bureauId })
    .from(g)
    .innerJoin(e, eq(e.id, g.employerId))
    .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, g.employerId), eq(schema.assignments.campaignId, g.campaignId)))
    .where(and(eq(g.campaignId, campaignId), eq(g.graded, true)))
    .all()
    .filter(visibility(db, actor));
  const findings: ScreeningFinding[] = [];
  const add = (check: ScreeningCheck, r: { creditCode: string; name: string }, detail: string) =>
    findings.push({ check, label: CHECKS[check], creditCode: r.creditCode, name: r.name, detail });

  // the same entity graded by another campaign of the same year with another grade
  const elsewhere = db
    .select({ employerId: g.employerId, grade: g.grade, campaignId: g.campaignId, bureauId: schema.campaigns.bureauId })
    .from(g)
    .innerJoin(schema.campaigns, eq(schema.campaigns.id, g.campaignId))
    .where(and(eq(schema.campaigns.year, campaign.year), ne(g.campaignId, campaignId), eq(g.graded, true)))
    .all();
  const others = new Map<number, typeof elsewhere>();
  for (const o of elsewhere) others.set(o.employerId, [...(others.get(o.employerId) ?? []), o]);
  const records = new Map(
    db
      .select()
      .from(schema.yearRecords)
      .where(eq(schema.yearRecords.campaignId, campaignId))
      .all()
      .map((r) => [r.employerId, r]),
  );
  const reviewed = approvedReviews(db, campaignId);
  for (const r of graded) {
    for (const o of others.get(r.employerId) ?? []) {
      if (o.grade !== r.grade) add('twoGrades', r, `本活动 ${r.grade} 级，活动 ${o.campaignId}（${o.bureauId}）${o.grade} 级`);
    }
    if (r.unitType !== 'enterprise') add('nonEnterprise', r, `单位类型为 ${r.unitType}`);
    if (!records.get(r.employerId)?.facts.inspected && !reviewed.has(r.employerId))
      add('noInspection', r, `${r.grade} 级，但本年度没有劳动保障监察记录或已审批的书面审查`);
  }
  const counts = { twoGrades: 0, nonEnterprise: 0, noInspection: 0 };
  for (const f of findings) counts[f.check]++;
  return { findings, counts };
}
