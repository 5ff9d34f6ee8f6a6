/** The grades of a campaign with their reasons, and their export as CSV, JSON or XLSX. */
import { and, asc, count, eq, is, Placeholder, sql, type SQL } from 'drizzle-orm';
import { BoundedCache } from '../boundedCache.ts';
import type { SelectedFields, SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { schema, type Db } from '../db/index.ts';
import type { GradeScale } from '../gradeScale.ts';
import type { Actor } from './actor.ts';
import { getCampaign, type Campaign } from './campaign.ts';
import { CAMPAIGN_FILTERS, campaignFilters, listingOrder, listingWhere, pageByKeys, type Listing, type ListSpec, type Page } from './listing.ts';
import { visibleKey, visibleWhere } from './population.ts';
import { exportTable } from './tableExport.ts';

export interface GradeRow {
  creditCode: string;
  name: string;
  bureau: string | null;
  grade: string | null;
  graded: boolean;
  label: string | null;
  status: string;
  reasons: { rule: string; reason: string; basis: string }[];
  /** the grading rules the grade was decided with */
  rulesetHash: string;
}

/**
 * The columns a grade list reads, filters and sorts by: a published campaign's from what was
 * published, any other's from the grades as they stand.
 */
function gradeColumns(campaign: Campaign) {
  if (campaign.status === 'published') {
    const p = schema.publishedGrades;
    return { table: p, employerId: p.employerId, creditCode: p.creditCode, name: p.name, bureau: p.bureauId, grade: p.grade, graded: p.graded, label: p.label };
  }
  const g = schema.grades;
  return {
    table: g,
    employerId: g.employerId,
    creditCode: schema.employers.creditCode,
    name: schema.employers.name,
    bureau: schema.assignments.bureauId,
    grade: g.grade,
    graded: g.graded,
    label: g.label,
  };
}

/** A sort key of a grade column in the scale's order, best level first (the scale lists levels worst first), no grade last. */
export function byGrade(scale: GradeScale, column: SQLiteColumn): SQL {
  const rank = sql.join(
    scale.levels.map((l, i) => sql`WHEN ${l.code} THEN ${scale.levels.length - i}`),
    sql` `,
  );
  return sql`CASE ${column} ${rank} ELSE ${scale.levels.length + 1} END`;
}

export const GRADE_LIST = {
  sorts: ['creditCode', 'name', 'bureau', 'grade'],
  filters: { grade: 'a level code of the region’s grade scale, or the label of an outcome that is not a level (不参评)', ...CAMPAIGN_FILTERS },
} as const;

/** A grade list's search, filters (grade by the region's scale, bureau, stratum, late) and sort columns. */
export function gradeSpec(db: Db, campaign: Campaign, scale: GradeScale): ListSpec<typeof GRADE_LIST> {
  const c = gradeColumns(campaign);
  const outcomes = [scale.notGraded, scale.registeredOnly].filter((o) => o !== undefined).map((o) => o.label);
  return {
    filters: {
      grade: {
        label: '等级',
        values: [...[...scale.codes].reverse(), ...outcomes],
        where: (v) =>
          scale.has(v) ? and(eq(c.graded, true), eq(c.grade, v)) : and(eq(c.graded, false), sql`coalesce(${c.label}, ${scale.notGraded.label}) = ${v}`),
      },
      ...campaignFilters(db, campaign, { bureau: c.bureau, stratum: schema.drawPopulation.stratum, late: schema.declarations.late }),
    },
    sorts: { creditCode: c.creditCode, name: c.name, bureau: c.bureau, grade: byGrade(scale, c.grade) },
    tieBreak: c.creditCode,
    search: { name: c.name, creditCode: c.creditCode },
  };
}

/** The fields of a grade row: a published campaign's from what was published, any other's from the grades as they stand. */
function gradeFields(campaign: Campaign) {
  const e = schema.employers;
  const a = schema.assignments;
  const p = schema.publishedGrades;
  const g = schema.grades;
  if (campaign.status === 'published')
    return {
      creditCode: p.creditCode,
      name: p.name,
      bureau: p.bureauId,
      grade: p.grade,
      graded: p.graded,
      label: p.label,
      status: p.status,
      reasons: p.reasons,
      rulesetHash: p.rulesetHash,
    };
  return {
    creditCode: e.creditCode,
    name: e.name,
    bureau: a.bureauId,
    grade: g.grade,
    graded: g.graded,
    label: g.label,
    status: g.status,
    reasons: g.reasons,
    rulesetHash: sql<string>`(SELECT ruleset_hash FROM grading_runs WHERE id = ${g.runId})`.mapWith(String),
  };
}

/** The grade rows of a campaign visible to the actor that meet `where`: in `order`, or their employers' ids in it. */
function gradeQuery(db: Db, actor: Actor, campaign: Campaign, where: SQL | undefined) {
  const c = gradeColumns(campaign);
  const e = schema.employers;
  const a = schema.assignments;
  // every list joins what its filters may read: the registry, the assignment, the draw's stratum, the declaration
  const joined = (fields: SelectedFields) => {
    const draw = db.select({ id: schema.draws.id }).from(schema.draws).where(eq(schema.draws.campaignId, campaign.id)).get();
    return db
      .select(fields)
      .from(c.table as SQLiteTable)
      .innerJoin(e, eq(e.id, c.employerId))
      .innerJoin(a, and(eq(a.employerId, c.employerId), eq(a.campaignId, campaign.id)))
      .leftJoin(schema.drawPopulation, and(eq(schema.drawPopulation.employerId, c.employerId), eq(schema.drawPopulation.drawId, draw?.id ?? 0)))
      .leftJoin(schema.declarations, and(eq(schema.declarations.employerId, c.employerId), eq(schema.declarations.campaignId, campaign.id)))
      .where(and(eq(c.table.campaignId, campaign.id), visibleWhere(db, actor, c), where));
  };
  return {
    // the fields are GradeRow's, of either table (drizzle types a select over a table chosen at run time loosely)
    rows: (order: SQL[]) =>
      joined(gradeFields(campaign))
        .orderBy(...order)
        .all() as unknown as GradeRow[],
    keys: (order: SQL[]) =>
      (
        joined({ id: c.employerId })
          .orderBy(...order)
          .all() as { id: number }[]
      ).map((r) => r.id),
  };
}

/** The grades as they stand, or for a published campaign, as they were published: all of them, by credit code. */
export function listGrades(db: Db, actor: Actor, campaignId: number): GradeRow[] {
  const campaign = getCampaign(db, actor, campaignId);
  return gradeQuery(db, actor, campaign, undefined).rows([asc(gradeColumns(campaign).creditCode)]);
}

/**
 * One page of the grades, searched, filtered and sorted as `listing` asks (readListing over gradeSpec):
 * the employers in order, remembered until the database changes, then the page's rows by employer.
 */
export function pageGrades(db: Db, actor: Actor, campaign: Campaign, spec: ListSpec, listing: Listing): Page<GradeRow> {
  return pageByKeys(
    db,
    `grades|${campaign.id}|${campaign.status}|${visibleKey(actor)}`,
    listing,
    () => gradeQuery(db, actor, campaign, listingWhere(spec, listing)).keys(listingOrder(spec, listing)),
    (keys) => gradesByKey(db, campaign)(keys),
  );
}

/** one statement per database, campaign and status (which table it reads); a server has few campaigns */
const byKeyStatements = new WeakMap<Db['$client'], BoundedCache<string, (keys: string) => unknown[][]>>();

/**
 * The grade rows of these employers, in their order: one prepared statement, the ids bound as a JSON
 * array. Its rows are read as arrays and made into GradeRows here: drizzle's mapping, column by column
 * through its entity checks, took as long as SQLite's reading.
 */
function gradesByKey(db: Db, campaign: Campaign): (keys: number[]) => GradeRow[] {
  let statements = byKeyStatements.get(db.$client);
  if (!statements) byKeyStatements.set(db.$client, (statements = new BoundedCache(100)));
  const read = statements.getOrMake(`${campaign.id}|${campaign.status}`, () => {
    const c = gradeColumns(campaign);
    const a = schema.assignments;
    const keyed = sql`${c.employerId} IN (SELECT value FROM json_each(${sql.placeholder('keys')}))`;
    const query = db
      .select({ key: c.employerId, ...gradeFields(campaign) })
      .from(c.table as SQLiteTable)
      .where(and(eq(c.table.campaignId, campaign.id), keyed));
    const joined =
      campaign.status === 'published'
        ? query
        : query
            .innerJoin(schema.employers, eq(schema.employers.id, c.employerId))
            .innerJoin(a, and(eq(a.employerId, c.employerId), eq(a.campaignId, campaign.id)));
    const { sql: text, params } = joined.toSQL();
    const statement = db.$client.prepare(text).raw();
    return (keys) => statement.all(params.map((p) => (is(p, Placeholder) ? keys : p))) as unknown[][];
  });
  return (keys) => {
    const byKey = new Map<number, GradeRow>();
    // in gradeFields' order, after the key
    for (const [key, creditCode, name, bureau, grade, graded, label, status, reasons, rulesetHash] of read(JSON.stringify(keys)))
      byKey.set(
        key as number,
        {
          creditCode,
          name,
          bureau,
          grade,
          graded: graded === 1,
          label,
          status,
          reasons: JSON.parse(reasons as string),
          rulesetHash,
        } as GradeRow,
      );
    return keys.flatMap((k) => byKey.get(k) ?? []);
  };
}

/** How many visible employers have each outcome: a level's code, or the label of an outcome that is not a level. */
export async function gradeCounts(db: Db, actor: Actor, campaign: Campaign, scale: GradeScale): Promise<Record<string, number>> {
  const c = gradeColumns(campaign);
  const outcome = sql<string>`CASE WHEN ${c.graded} THEN ${c.grade} ELSE coalesce(${c.label}, ${scale.notGraded.label}) END`;
  const rows = await db
    .select({ outcome, n: count() })
    .from(c.table)
    .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, c.employerId), eq(schema.assignments.campaignId, campaign.id)))
    .innerJoin(schema.employers, eq(schema.employers.id, c.employerId))
    .where(and(eq(c.table.campaignId, campaign.id), visibleWhere(db, actor, c)))
    .groupBy(outcome);
  return Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
}

const HEADERS = ['统一社会信用代码', '单位名称', '管辖人社局', '等级', '等级名称', '状态', '评价理由', '依据'];
const STATUS: Record<string, string> = { preliminary: '初评', changed: '已变更', published: '已公布' };

function cells(r: GradeRow): string[] {
  return [
    r.creditCode,
    r.name,
    r.bureau ?? '',
    r.graded ? (r.grade ?? '') : '不参评',
    r.label ?? '',
    STATUS[r.status] ?? r.status,
    r.reasons.map((x) => x.reason).join('；'),
    [...new Set(r.reasons.map((x) => x.basis))].join('；'),
  ];
}

export function exportGrades(rows: GradeRow[], format: string): Promise<Buffer> {
  return exportTable({ sheet: '守法诚信等级', headers: HEADERS, widths: [22, 30, 18, 6, 10, 8, 50, 50], rows: rows.map(cells) }, format, () => rows);
}
