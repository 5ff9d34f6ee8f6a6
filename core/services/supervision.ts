/**
 * Supervision plans (分类监管): after publication, each graded employer's plan for the next year from
 * the cadence decision: patrols spread over the year (one in each equal part of it, on a working day
 * picked by SHA-256 of the draw's seed, so the plan is reproducible and not predictable beforehand),
 * the interview, and the measures with their basis; plaque eligibility is the cadence's plaque rule.
 */
import { and, asc, eq } from 'drizzle-orm';
import { addWorkingDays, isWorkingDay } from '../calendar.ts';
import type { Decider } from '../decide.ts';
import type { CadenceResult } from '../decisions/cadence.ts';
import { schema, type Db } from '../db/index.ts';
import { sha256 } from '../hash.ts';
import type { PatrolPlanRow } from '../render/formData.ts';
import { requireStep } from '../policy.ts';
import type { Actor } from './actor.ts';
import { requireBureau } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction } from './batch.ts';
import { campaignDate, getCampaign, requireStatus } from './campaign.ts';
import { employerFacts } from './employerFacts.ts';
import { visibility } from './population.ts';
import { exportTable } from './tableExport.ts';

const DAY = 86_400_000;

/**
 * n patrol dates in `year`, the k-th in the k-th part of the year by months (n = 2: each half year,
 * 4: each quarter), on a working day inside that part.
 */
export function patrolDates(seed: string, creditCode: string, year: number, n: number): string[] {
  const dates: string[] = [];
  for (let k = 0; k < n; k++) {
    const start = Date.UTC(year, Math.floor((12 * k) / n), 1);
    const end = Date.UTC(year, Math.floor((12 * (k + 1)) / n), 1);
    const days = (end - start) / DAY;
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    const date = iso(start + (parseInt(sha256(`${seed}:patrol:${creditCode}:${k}`).slice(0, 8), 16) % days) * DAY);
    const last = iso(end - DAY);
    const next = isWorkingDay(date) ? date : addWorkingDays(date, 1);
    // past the part's end (a holiday at its close): the working day before instead
    dates.push(next <= last ? next : addWorkingDays(date, -1));
  }
  return dates;
}

export async function planSupervision(
  db: Db,
  decider: Decider,
  actor: Actor,
  campaignId: number,
): Promise<{ year: number; employers: number; byGrade: Record<string, number> }> {
  const campaign = getCampaign(db, actor, campaignId);
  requireBureau(actor, campaign.bureauId);
  requireStep(actor, 'supervision.plan', campaign.plugin);
  requireStatus(campaign, 'published', { zh: '制定监管计划', en: 'plan supervision' });
  // a batch decides with the rules in force as it starts
  await decider.refresh();
  const at = campaignDate(campaign);
  const year = campaign.year + 1;
  const prepared = decider.prepare(campaign.plugin, 'cadence', at);
  const seed = db.select({ seed: schema.draws.seed }).from(schema.draws).where(eq(schema.draws.campaignId, campaignId)).get()!.seed;
  return inTransaction(db, { zh: '制定监管计划', en: 'plan supervision' }, async () => {
    const graded = db
      .select({ employer: schema.employers, grade: schema.grades.grade })
      .from(schema.grades)
      .innerJoin(schema.employers, eq(schema.employers.id, schema.grades.employerId))
      .where(and(eq(schema.grades.campaignId, campaignId), eq(schema.grades.graded, true)))
      .all();
    db.delete(schema.supervisionPlans).where(eq(schema.supervisionPlans.campaignId, campaignId)).run();
    const insert = db.$client.prepare(
      'INSERT INTO supervision_plans (campaign_id, employer_id, year, grade, patrols_per_year, exempt_from_patrol, interview, dates, measures, ruleset_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const byGrade: Record<string, number> = {};
    for (const { employer, grade } of graded) {
      const { result } = await decider.evaluate(prepared, { ...employerFacts(employer, campaign.year), grade: grade! }, at);
      const cadence = result as CadenceResult;
      const dates = cadence.exemptFromPatrol || !cadence.patrolsPerYear ? [] : patrolDates(seed, employer.creditCode, year, cadence.patrolsPerYear);
      const measures = cadence.measures.map((m) => ({ text: m.text, basis: m.basis, rule: m.rule }));
      insert.run(
        campaignId,
        employer.id,
        year,
        grade,
        cadence.patrolsPerYear,
        cadence.exemptFromPatrol ? 1 : 0,
        cadence.interview ? 1 : 0,
        JSON.stringify(dates),
        JSON.stringify(measures),
        prepared.hash,
      );
      byGrade[grade!] = (byGrade[grade!] ?? 0) + 1;
    }
    audit(db, actor, 'plan', 'supervision', campaignId, null, { year, employers: graded.length, byGrade, rulesetHash: prepared.hash });
    return { year, employers: graded.length, byGrade };
  });
}

export interface PlanRow extends PatrolPlanRow {
  plaque: boolean;
}

export function listPlans(db: Db, actor: Actor, campaignId: number): PlanRow[] {
  getCampaign(db, actor, campaignId);
  const p = schema.supervisionPlans;
  return db
    .select({ plan: p, creditCode: schema.employers.creditCode, name: schema.employers.name, bureau: schema.assignments.bureauId })
    .from(p)
    .innerJoin(schema.employers, eq(schema.employers.id, p.employerId))
    .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, p.employerId), eq(schema.assignments.campaignId, p.campaignId)))
    .where(eq(p.campaignId, campaignId))
    .orderBy(asc(p.grade), asc(schema.employers.creditCode))
    .all()
    .filter(visibility(db, actor))
    .map(({ plan, creditCode, name }) => ({
      creditCode,
      name,
      grade: plan.grade,
      patrolsPerYear: plan.patrolsPerYear,
      exemptFromPatrol: plan.exemptFromPatrol,
      dates: plan.dates,
      interview: plan.interview,
      measures: plan.measures.map((m) => m.text),
      plaque: plan.measures.some((m) => m.rule === 'plaque'),
    }));
}

export function exportPlans(rows: PlanRow[], format: string): Promise<Buffer> {
  const headers = ['统一社会信用代码', '单位名称', '等级', '年度巡查次数', '巡查日期', '约谈', '监管措施', '可授铭牌'];
  const cells = (r: PlanRow) => [
    r.creditCode,
    r.name,
    r.grade,
    r.exemptFromPatrol ? '不主动巡查' : (r.patrolsPerYear?.toString() ?? '增加频次'),
    r.dates.join('、'),
    r.interview ? '是' : '否',
    r.measures.join('；'),
    r.plaque ? '是' : '',
  ];
  return exportTable({ sheet: '监管计划', headers, widths: [22, 30, 6, 12, 40, 6, 60, 8], rows: rows.map(cells) }, format, () => rows);
}
