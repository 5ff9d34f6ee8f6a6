/**
 * Employers read page by page (a better-sqlite3 connection cannot write while a cursor is open, and
 * pages keep memory flat as the registry grows), and the population of a campaign: employers of its
 * region's registry in scope whose bureau is the campaign's or one under it. Every look-up of a
 * campaign's employer reads its region's registry only.
 */
import { and, eq, getTableColumns, inArray, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { schema, type Db, type DbOrTx } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import type { Actor } from './actor.ts';
import { bureauScope, regionOf } from './bureaus.ts';
import type { Campaign } from './campaign.ts';
import type { EmployerRow } from './employerFacts.ts';

const PAGE = 2000;

/**
 * The employers' columns, read with one prepared statement as arrays and decoded by the schema's own
 * columns: drizzle's general row mapping took longer than the query itself, millions of times a run.
 */
const COLUMNS = Object.entries(getTableColumns(schema.employers));
const SELECT = COLUMNS.map(([, column]) => `e.${column.name}`).join(', ');

function employerRow(values: unknown[]): EmployerRow {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < COLUMNS.length; i++) {
    const [key, column] = COLUMNS[i];
    row[key] = values[i] === null ? null : column.mapFromDriverValue(values[i]);
  }
  return row as EmployerRow;
}

/** The pages of a statement taking its `params`, then the last employer id of the page before. */
function* pages(db: Db, sql: string, params: unknown[]): Generator<EmployerRow[]> {
  const statement = db.$client.prepare(sql).raw();
  for (let last = 0; ; ) {
    const page = (statement.all(...params, last) as unknown[][]).map(employerRow);
    if (!page.length) return;
    yield page;
    last = page[page.length - 1].id;
  }
}

/** The registry of one region. */
export function employerPages(db: Db, region: string): Generator<EmployerRow[]> {
  return pages(db, `SELECT ${SELECT} FROM employers e WHERE e.region = ? AND e.id > ? ORDER BY e.id LIMIT ${PAGE}`, [region]);
}

export function populationPages(db: Db, campaign: Campaign): Generator<EmployerRow[]> {
  const scope = bureauScope(db, campaign.bureauId);
  // ordered by the assignment's employer id, so that SQLite walks the assignments' key in order:
  // ordered by the employer's, it sorted every remaining assignment for every page
  return pages(
    db,
    `SELECT ${SELECT} FROM assignments a JOIN employers e ON e.id = a.employer_id
     WHERE a.campaign_id = ? AND a.in_scope = 1 AND a.bureau_id IN (${scope.map(() => '?').join(', ')}) AND a.employer_id > ?
     ORDER BY a.employer_id LIMIT ${PAGE}`,
    [campaign.id, ...scope],
  );
}

/** An employer of a campaign by credit code, if the actor may see it: its bureau's staff, or itself. */
export function findEmployer(db: DbOrTx, actor: Actor, campaign: Campaign, creditCode: string): EmployerRow {
  return campaignEmployer(db, actor, campaign, creditCode).employer;
}

/**
 * Whether an employer is one of the campaign's own: in its population (in scope, assigned to the
 * campaign's bureau or one below it). Only they see the campaign, or object to its grades.
 */
export function isMember(db: DbOrTx, campaign: Campaign, employerId: number): boolean {
  const a = schema.assignments;
  const row = db
    .select({ bureauId: a.bureauId })
    .from(a)
    .where(and(eq(a.campaignId, campaign.id), eq(a.employerId, employerId), eq(a.inScope, true)))
    .get();
  return !!row?.bureauId && bureauScope(db, campaign.bureauId).includes(row.bureauId);
}

/** Whether the actor may see a row of a campaign, given the row's employer and assigned bureau: one lookup for a whole list. */
export function visibility(db: DbOrTx, actor: Actor): (row: { creditCode: string; bureau: string | null }) => boolean {
  if (actor.role === 'employer') return (row) => row.creditCode === actor.creditCode;
  if (actor.bureauId === null) return () => true;
  const scope = new Set(bureauScope(db, actor.bureauId));
  return (row) => row.bureau !== null && scope.has(row.bureau);
}

/** What visibleWhere depends on, as a key for what a list remembers: the employer's code, the bureau, or everything. */
export function visibleKey(actor: Actor): string {
  if (actor.role === 'employer') return `employer:${actor.creditCode ?? ''}`;
  return actor.bureauId === null ? 'all' : `bureau:${actor.bureauId}`;
}

/** visibility() as a condition on a query's credit code and bureau columns, so that a list pages in SQL. */
export function visibleWhere(db: DbOrTx, actor: Actor, columns: { creditCode: SQLiteColumn; bureau: SQLiteColumn }): SQL | undefined {
  if (actor.role === 'employer') return eq(columns.creditCode, actor.creditCode ?? '');
  if (actor.bureauId === null) return undefined;
  return inArray(columns.bureau, bureauScope(db, actor.bureauId));
}

/** The employer with the bureau the campaign assigned it to. */
export function campaignEmployer(db: DbOrTx, actor: Actor, campaign: Campaign, creditCode: string): { employer: EmployerRow; bureauId: string | null } {
  const code = creditCode.toUpperCase();
  const region = regionOf(db, campaign.bureauId);
  const row = db
    .select({ employer: schema.employers, bureauId: schema.assignments.bureauId })
    .from(schema.employers)
    .leftJoin(schema.assignments, and(eq(schema.assignments.employerId, schema.employers.id), eq(schema.assignments.campaignId, campaign.id)))
    .where(and(eq(schema.employers.region, region), eq(schema.employers.creditCode, code)))
    .get();
  const visible =
    row &&
    (actor.role === 'employer'
      ? actor.creditCode === code && actor.region === region
      : actor.bureauId === null || (row.bureauId !== null && bureauScope(db, actor.bureauId).includes(row.bureauId)));
  if (!row || !visible)
    throw new JianchaError('not-found', `本辖区没有统一社会信用代码为 ${creditCode} 的用人单位`, `no employer ${creditCode} in your jurisdiction`);
  return row;
}

/**
 * The employer, for a change: only the bureau it is assigned to (a bureau above it sees, read-only),
 * or the employer itself where `employerMay`.
 */
export function employerToChange(
  db: DbOrTx,
  actor: Actor,
  campaign: Campaign,
  creditCode: string,
  employerMay = false,
): { employer: EmployerRow; bureauId: string | null } {
  const found = campaignEmployer(db, actor, campaign, creditCode);
  if (actor.role === 'employer') {
    if (!employerMay) throw new JianchaError('forbidden', '用人单位不能进行此操作', 'an employer cannot do this');
  } else if (actor.bureauId !== null && actor.bureauId !== found.bureauId) {
    throw new JianchaError(
      'forbidden',
      `${found.employer.name} 由 ${found.bureauId ?? '其他人社局'} 管辖，本局只能查看`,
      `${found.employer.creditCode} is in ${found.bureauId}'s charge: read only for you`,
    );
  }
  return found;
}
