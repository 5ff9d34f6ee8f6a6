/**
 * The screening of a campaign's preliminary grades, by the checks its region's plugin declares
 * (plugin.json `screening`, core/screening.ts): each graded employer's facts are built as the grading
 * run builds them, its grade among them, and every check is asked of them in the declared order. It
 * reports; it changes nothing.
 */
import { and, eq, ne } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import { today } from '../facts.ts';
import { requireStep } from '../policy.ts';
import type { Registry } from '../registry.ts';
import { compileScreening } from '../screening.ts';
import type { Actor } from './actor.ts';
import { getCampaign } from './campaign.ts';
import { employerFacts } from './employerFacts.ts';
import { visibility } from './population.ts';
import { yearRecordsReader } from './yearRecords.ts';

export interface ScreeningFinding {
  check: string;
  label: string;
  creditCode: string;
  name: string;
  detail: string;
}

export interface ScreeningReport {
  basis?: string;
  findings: ScreeningFinding[];
  counts: Record<string, number>;
}

export async function screenGrades(db: Db, registry: Registry, actor: Actor, campaignId: number): Promise<ScreeningReport> {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'screening', campaign.plugin);
  const plugin = registry.get(campaign.plugin);
  const screening = compileScreening(plugin);
  if (!screening) throw new JianchaError('not-found', `${plugin.manifest.name}没有规定等级筛查`, `${plugin.id} declares no screening of grades`);
  const g = schema.grades;
  const graded = (
    await db
      .select({ employer: schema.employers, grade: g.grade, creditCode: schema.employers.creditCode, bureau: schema.assignments.bureauId })
      .from(g)
      .innerJoin(schema.employers, eq(schema.employers.id, g.employerId))
      .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, g.employerId), eq(schema.assignments.campaignId, g.campaignId)))
      .where(and(eq(g.campaignId, campaignId), eq(g.graded, true)))
  ).filter(visibility(db, actor));
  // the same entity graded by another campaign of the same year
  const elsewhere = await db
    .select({ employerId: g.employerId, grade: g.grade, campaignId: g.campaignId, bureau: schema.bureaus.name })
    .from(g)
    .innerJoin(schema.campaigns, eq(schema.campaigns.id, g.campaignId))
    // the other campaign's bureau by its name, as a clerk knows it
    .innerJoin(schema.bureaus, eq(schema.bureaus.id, schema.campaigns.bureauId))
    .where(and(eq(schema.campaigns.year, campaign.year), ne(g.campaignId, campaignId), eq(g.graded, true)));
  const others = new Map<number, typeof elsewhere>();
  for (const o of elsewhere) others.set(o.employerId, [...(others.get(o.employerId) ?? []), o]);
  const records = graded.length ? yearRecordsReader(db, campaign, today(), plugin)(graded.map((r) => r.employer.id)) : new Map();
  const findings: ScreeningFinding[] = [];
  const counts: Record<string, number> = Object.fromEntries(screening.checks.map((c) => [c.id, 0]));
  for (const { employer, grade } of graded) {
    const facts = { ...employerFacts(employer, campaign.year, { record: records.get(employer.id) }), grade };
    const add = (check: { id: string; label: string }, detail: string) => {
      findings.push({ check: check.id, label: check.label, creditCode: employer.creditCode, name: employer.name, detail });
      counts[check.id]++;
    };
    for (const check of screening.checks) {
      if (check.otherGrade) {
        for (const o of others.get(employer.id) ?? [])
          if (o.grade !== grade) add(check, `本活动 ${grade} 级，活动 ${o.campaignId}（${o.bureau}）${o.grade} 级`);
      } else if (check.finds(facts)) add(check, check.detail(facts));
    }
  }
  return { basis: screening.basis, findings, counts };
}
