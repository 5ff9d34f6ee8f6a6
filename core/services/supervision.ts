/**
 * Supervision plans (分类监管): after publication, each graded employer's plan for the rest of that year
 * from the cadence decision: patrols spread over it (one in each equal part of the year after publication, on a working day
 * picked by SHA-256 of the draw's seed, so the plan is reproducible and not predictable beforehand),
 * the interview, and the measures with their basis; plaque eligibility is a measure the cadence marks `plaque`.
 */
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/sqlite-core';
import { addWorkingDays, isWorkingDay } from '../calendar.ts';
import type { Decider, Outcome } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { first } from '../db/store.ts';
import { today } from '../facts.ts';
import { sha256 } from '../hash.ts';
import type { PatrolPlanRow } from '../render/formData.ts';
import { may, requireStep } from '../policy.ts';
import type { Actor } from './actor.ts';
import { requireBureau } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction } from './batch.ts';
import { campaignDate, getCampaign, requireStatus, type Campaign } from './campaign.ts';
import type { GradeScale } from '../gradeScale.ts';
import { byGrade } from './grades.ts';
import { CAMPAIGN_FILTERS, campaignFilters, listingOrder, listingWhere, pageOf, readListing, type Listing, type ListSpec, type Page } from './listing.ts';
import { employerFacts } from './employerFacts.ts';
import { yearRecordsReader } from './yearRecords.ts';
import { visibleWhere } from './population.ts';
import { exportTable } from './tableExport.ts';

const DAY = 86_400_000;

/**
 * The patrol dates of a plan that starts the day after `publishedOn` and runs to the end of its year
 * (江津：本年度；昌吉：当年): the year in n parts by months (n = 2: each half year, 4: each quarter), one
 * patrol on a working day in each part that has working days after publication, none in a part before.
 */
export function patrolDates(seed: string, creditCode: string, publishedOn: string, n: number): string[] {
  const year = Number(publishedOn.slice(0, 4));
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  const first = addWorkingDays(publishedOn, 1);
  const dates: string[] = [];
  for (let k = 0; k < n; k++) {
    const last = iso(Date.UTC(year, Math.floor((12 * (k + 1)) / n), 1) - DAY);
    const partStart = iso(Date.UTC(year, Math.floor((12 * k) / n), 1));
    // biome-ignore lint/complexity/useMathMinMax: ISO dates are strings, which Math.max would turn into NaN
    const start = partStart > first ? partStart : first;
    if (start > last) continue;
    const days = (Date.parse(last) - Date.parse(start)) / DAY + 1;
    const date = iso(Date.parse(start) + (parseInt(sha256(`${seed}:patrol:${creditCode}:${k}`).slice(0, 8), 16) % days) * DAY);
    const next = isWorkingDay(date) ? date : addWorkingDays(date, 1);
    // past the part's end (a holiday at its close): the working day before instead, if still in the part
    const chosen = next <= last ? next : addWorkingDays(date, -1);
    if (chosen >= start) dates.push(chosen);
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
  // the plan runs from publication, when the grades take effect, to the end of that year
  const publishedOn = (await first(db.select({ on: schema.publicity.publishedOn }).from(schema.publicity).where(eq(schema.publicity.campaignId, campaignId))))!
    .on!;
  const year = Number(publishedOn.slice(0, 4));
  const seed = (await first(db.select({ seed: schema.draws.seed }).from(schema.draws).where(eq(schema.draws.campaignId, campaignId))))!.seed;
  return inTransaction(db, { zh: '制定监管计划', en: 'plan supervision' }, async () => {
    const graded = await db
      .select({ employer: schema.employers, grade: schema.grades.grade })
      .from(schema.grades)
      .innerJoin(schema.employers, eq(schema.employers.id, schema.grades.employerId))
      .where(and(eq(schema.grades.campaignId, campaignId), eq(schema.grades.graded, true)));
    await db.delete(schema.supervisionPlans).where(eq(schema.supervisionPlans.campaignId, campaignId));
    const insert = db.$client.prepare(
      'INSERT INTO supervision_plans (campaign_id, employer_id, year, grade, patrols_per_year, exempt_from_patrol, interview, dates, measures, ruleset_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const byGrade: Record<string, number> = {};
    // the year record as the grading run read it, so that a region's cadence may read it too
    const records = graded.length
      ? yearRecordsReader(db, campaign, today(), decider.registry.get(campaign.plugin))(graded.map((g) => g.employer.id))
      : new Map();
    const toPlan = graded.map(({ employer, grade }) => ({
      employer,
      grade: grade!,
      facts: { ...employerFacts(employer, campaign.year, { record: records.get(employer.id) }), grade: grade! },
    }));
    const each = ({ result: cadence, rulesetHash }: Outcome<'cadence'>, { employer, grade }: (typeof toPlan)[number]) => {
      const dates = cadence.exemptFromPatrol || !cadence.patrolsPerYear ? [] : patrolDates(seed, employer.creditCode, publishedOn, cadence.patrolsPerYear);
      const measures = cadence.measures.map((m) => ({ text: m.text, basis: m.basis, rule: m.rule, ...(m.plaque && { plaque: m.plaque }) }));
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
        rulesetHash,
      );
      byGrade[grade] = (byGrade[grade] ?? 0) + 1;
    };
    const prepared = await decider.decideEach(campaign.plugin, 'cadence', toPlan, each, { at });
    await audit(db, actor, 'plan', 'supervision', campaignId, null, { year, employers: graded.length, byGrade, rulesetHash: prepared.hash });
    return { year, employers: graded.length, byGrade };
  });
}

export interface PlanRow extends PatrolPlanRow {
  plaque: boolean;
  /** the dates are not the actor's to see (core/policy.ts patrol.read): `dates` is empty */
  datesWithheld: boolean;
}

/** The plans of a campaign visible to the actor that meet `where`; and how many meet it. */
function planQuery(db: Db, actor: Actor, campaign: Campaign, where: SQL | undefined) {
  const p = schema.supervisionPlans;
  const e = schema.employers;
  const a = schema.assignments;
  const draw = db.select({ id: schema.draws.id }).from(schema.draws).where(eq(schema.draws.campaignId, campaign.id)).get();
  const condition = and(eq(p.campaignId, campaign.id), visibleWhere(db, actor, { creditCode: e.creditCode, bureau: a.bureauId }), where);
  const datesWithheld = !may(actor, 'patrol.read', campaign.plugin);
  const joined = (fields: SelectedFields) =>
    db
      .select(fields)
      .from(p)
      .innerJoin(e, eq(e.id, p.employerId))
      .innerJoin(a, and(eq(a.employerId, p.employerId), eq(a.campaignId, campaign.id)))
      .leftJoin(schema.drawPopulation, and(eq(schema.drawPopulation.employerId, p.employerId), eq(schema.drawPopulation.drawId, draw?.id ?? 0)))
      .leftJoin(schema.declarations, and(eq(schema.declarations.employerId, p.employerId), eq(schema.declarations.campaignId, campaign.id)))
      .where(condition);
  const rows = (order: SQL[], limit = -1, offset = 0): PlanRow[] =>
    // the fields are the plan's and its employer's (drizzle types a select built apart from its fields loosely)
    (
      joined({ plan: p, creditCode: e.creditCode, name: e.name })
        .orderBy(...order)
        .limit(limit)
        .offset(offset)
        .all() as unknown as PlanSelect[]
    ).map(({ plan, creditCode, name }) => ({
      creditCode,
      name,
      grade: plan.grade,
      patrolsPerYear: plan.patrolsPerYear,
      exemptFromPatrol: plan.exemptFromPatrol,
      dates: datesWithheld ? [] : plan.dates,
      datesWithheld,
      interview: plan.interview,
      measures: plan.measures.map((m) => m.text),
      plaque: plan.measures.some((m) => m.plaque === true),
    }));
  return { rows, count: () => (joined({ n: count() }).get() as { n: number }).n };
}

type PlanSelect = { plan: typeof schema.supervisionPlans.$inferSelect; creditCode: string; name: string };

/** Every plan, by grade then credit code, as the patrol plan prints them. */
export function listPlans(db: Db, actor: Actor, campaignId: number): PlanRow[] {
  const campaign = getCampaign(db, actor, campaignId);
  return planQuery(db, actor, campaign, undefined).rows([asc(schema.supervisionPlans.grade), asc(schema.employers.creditCode)]);
}

export const PLAN_LIST = {
  sorts: ['grade', 'creditCode', 'name', 'bureau'],
  filters: { grade: 'a level code of the region’s grade scale', ...CAMPAIGN_FILTERS },
} as const;

/** The plan list's search, filters (grade, bureau, stratum, late) and sort columns. */
export function planSpec(db: Db, campaign: Campaign, scale: GradeScale): ListSpec<typeof PLAN_LIST> {
  const p = schema.supervisionPlans;
  const e = schema.employers;
  return {
    filters: {
      grade: { label: '等级', values: [...scale.codes].reverse(), where: (v) => eq(p.grade, v) },
      ...campaignFilters(db, campaign, { bureau: schema.assignments.bureauId, stratum: schema.drawPopulation.stratum, late: schema.declarations.late }),
    },
    sorts: { grade: byGrade(scale, p.grade), creditCode: e.creditCode, name: e.name, bureau: schema.assignments.bureauId },
    tieBreak: e.creditCode,
    search: { name: e.name, creditCode: e.creditCode },
  };
}

/** One page of the plans as `listing` asks (readListing over planSpec). */
export function pagePlans(db: Db, actor: Actor, campaign: Campaign, spec: ListSpec, listing: Listing): Page<PlanRow> {
  const query = planQuery(db, actor, campaign, listingWhere(spec, listing));
  return pageOf(listing, query.count(), (limit, offset) => query.rows(listingOrder(spec, listing), limit, offset));
}

/** What stands for the patrol dates where the reader may not see them. */
export const WITHHELD = '不向用人单位公开';

/** A plan's patrols as the console says them: the dates, or why there are none to show. */
export function patrolsText(r: Pick<PlanRow, 'exemptFromPatrol' | 'datesWithheld' | 'dates'>): string {
  if (r.exemptFromPatrol) return '除有举报投诉外不主动巡查';
  return r.datesWithheld ? WITHHELD : r.dates.join('、') || '增加频次';
}

/** One employer's plan, as the actor may see it (an employer: without the dates). */
export function planOf(db: Db, actor: Actor, campaign: Campaign, scale: GradeScale, creditCode: string): PlanRow | undefined {
  const spec = planSpec(db, campaign, scale);
  const code = creditCode.toUpperCase();
  return pagePlans(
    db,
    actor,
    campaign,
    spec,
    readListing(spec, (name) => (name === 'q' ? code : undefined)),
  ).rows.find((r) => r.creditCode === code);
}

export function exportPlans(rows: PlanRow[], format: string): Promise<Buffer> {
  const headers = ['统一社会信用代码', '单位名称', '等级', '年度巡查次数', '巡查日期', '约谈', '监管措施', '可授铭牌'];
  const cells = (r: PlanRow) => [
    r.creditCode,
    r.name,
    r.grade,
    // the rules' number; their words are the measures'
    r.exemptFromPatrol ? '0' : (r.patrolsPerYear?.toString() ?? ''),
    r.datesWithheld ? WITHHELD : r.dates.join('、'),
    r.interview ? '是' : '否',
    r.measures.join('；'),
    r.plaque ? '是' : '',
  ];
  return exportTable({ sheet: '监管计划', headers, widths: [22, 30, 6, 12, 40, 6, 60, 8], rows: rows.map(cells) }, format, () => rows);
}
