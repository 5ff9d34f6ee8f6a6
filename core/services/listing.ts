/**
 * A list a bureau works through at 100,000 employers: one page at a time, read in SQL with LIMIT and
 * OFFSET, searched by name or by the start of the unified credit code, filtered and sorted by a
 * column. The parameters come from a request's query (the console's links and the API's, the same) and
 * are checked here, so that a bad one is a clear error in Chinese (400), never a failed query.
 */
import { and, asc, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { schema, type Db } from '../db/index.ts';
import { StampedCache } from '../db/stamp.ts';
import { JianchaError } from '../errors.ts';
import { bureauScope } from './bureaus.ts';
import type { Campaign } from './campaign.ts';

export const PAGE_SIZE = { default: 50, max: 200 };
const SEARCH_MAX = 50;

export interface Filter {
  /** the filter's name in Chinese, for errors */
  label: string;
  /** the values it takes */
  values: readonly string[];
  where: (value: string) => SQL | undefined;
}

/** A list's parameters as the API documents them: its sort columns (the first the default) and filters. */
export interface ListParameters {
  sorts: readonly string[];
  filters: Record<string, string>;
}

export interface ListSpec<P extends ListParameters = ListParameters> {
  filters: Record<keyof P['filters'], Filter>;
  /** the columns it sorts by, the first the default; ties are ordered by `tieBreak` */
  sorts: Record<P['sorts'][number], SQLiteColumn | SQL>;
  tieBreak: SQLiteColumn;
  search: { name: SQLiteColumn; creditCode: SQLiteColumn };
}

export interface Listing {
  page: number;
  size: number;
  /** name, or the start of the credit code */
  q?: string;
  sort: string;
  order: 'asc' | 'desc';
  filters: Record<string, string>;
}

export interface Page<R> {
  total: number;
  page: number;
  size: number;
  pages: number;
  rows: R[];
}

const invalid = (zh: string, en: string) => new JianchaError('invalid-query', zh, en);

function positive(get: (name: string) => string | undefined, name: string, zh: string, fallback: number, max: number): number {
  const raw = get(name);
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= max)) throw invalid(`${zh}须为 1 至 ${max} 之间的整数，而不是“${raw}”`, `${name} must be an integer from 1 to ${max}, not "${raw}"`);
  return n;
}

/** The listing a request's query asks for, every parameter checked against the list's spec. */
export function readListing(spec: ListSpec, get: (name: string) => string | undefined): Listing {
  const size = positive(get, 'size', '每页条数', PAGE_SIZE.default, PAGE_SIZE.max);
  const page = positive(get, 'page', '页码', 1, 1e9);
  const q = get('q')?.trim() || undefined;
  if (q && q.length > SEARCH_MAX) throw invalid(`搜索内容不能超过 ${SEARCH_MAX} 个字`, `q must be at most ${SEARCH_MAX} characters`);
  const sorts = Object.keys(spec.sorts);
  const sort = get('sort') || sorts[0];
  if (!sorts.includes(sort)) throw invalid(`不能按“${sort}”排序，可按 ${sorts.join('、')} 排序`, `cannot sort by "${sort}": one of ${sorts.join(', ')}`);
  const order = get('order') || 'asc';
  if (order !== 'asc' && order !== 'desc')
    throw invalid(`排序方向须为 asc（升序）或 desc（降序），而不是“${order}”`, `order must be asc or desc, not "${order}"`);
  const filters: Record<string, string> = {};
  for (const [name, filter] of Object.entries(spec.filters)) {
    const value = get(name);
    if (value === undefined || value === '') continue;
    if (!filter.values.includes(value))
      throw invalid(
        `${filter.label}“${value}”不存在${filter.values.length ? `，可选 ${filter.values.join('、')}` : ''}`,
        `${name} "${value}" is not one of ${filter.values.join(', ') || '(none)'}`,
      );
    filters[name] = value;
  }
  return { page, size, q, sort, order, filters };
}

/** Every row the listing's search and filters keep, in its order, on one page: for a download of the list. */
export function everyRow(listing: Listing): Listing {
  return { ...listing, page: 1, size: Number.MAX_SAFE_INTEGER };
}

/** A search text as a LIKE pattern matches it: its %, _ and backslash as themselves. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The conditions of the search and filters. */
export function listingWhere(spec: ListSpec, listing: Listing): SQL | undefined {
  const conditions = Object.entries(listing.filters).map(([name, value]) => spec.filters[name].where(value));
  if (listing.q) {
    const q = escapeLike(listing.q);
    conditions.push(or(sql`${spec.search.creditCode} LIKE ${`${q.toUpperCase()}%`} ESCAPE '\\'`, sql`${spec.search.name} LIKE ${`%${q}%`} ESCAPE '\\'`));
  }
  return and(...conditions);
}

export function listingOrder(spec: ListSpec, listing: Listing): SQL[] {
  const by = listing.order === 'desc' ? desc : asc;
  const column = spec.sorts[listing.sort];
  return column === spec.tieBreak ? [by(column)] : [by(column), asc(spec.tieBreak)];
}

/** One page of the rows: `read(limit, offset)` reads it; a page past the last is an error naming how many there are. */
export function pageOf<R>(listing: Listing, total: number, read: (limit: number, offset: number) => R[]): Page<R> {
  const pages = Math.max(1, Math.ceil(total / listing.size));
  if (listing.page > pages) throw invalid(`第 ${listing.page} 页不存在：共 ${pages} 页`, `page ${listing.page} is past the last page, ${pages}`);
  const rows = read(listing.size, (listing.page - 1) * listing.size);
  return { total, page: listing.page, size: listing.size, pages, rows };
}

/** Keys of each list read, in its order, until the database changes; each at most a region's employers. */
const orderedKeys = new StampedCache<number[]>(64);
/** the rows of each page read, until the database changes: SQLite's reading of 50 rows was a fifth of a page's time */
const pageRows = new StampedCache<readonly unknown[]>(500);
/** rows read by key in one statement at most, so a download of every row reads in steps */
const BATCH = 500;

/**
 * One page of a list read by its keys: the keys of every row its search and filters keep, in its
 * order, from `keys` (the query that joins, filters and sorts runs again only once the database has
 * changed), then the page's rows by key from `rowsOf`, which gives them in the order of the keys it
 * is given. `list` names the list and whose view it is (campaign, table, the actor's visibility).
 */
export function pageByKeys<R>(db: Db, list: string, listing: Listing, keys: () => number[], rowsOf: (keys: number[]) => R[]): Page<R> {
  const { q, sort, order, filters } = listing;
  const key = `${list}|${JSON.stringify([q, sort, order, filters])}`;
  const ordered = orderedKeys.get(db, key, keys);
  return pageOf(listing, ordered.length, (limit, offset) => {
    const read = () => {
      const wanted = ordered.slice(offset, offset + limit);
      if (wanted.length <= BATCH) return rowsOf(wanted);
      const rows: R[] = [];
      for (let i = 0; i < wanted.length; i += BATCH) rows.push(...rowsOf(wanted.slice(i, i + BATCH)));
      return rows;
    };
    // a page is remembered too, a download of every row is not
    return limit > PAGE_SIZE.max ? read() : (pageRows.get(db, `${key}|${offset}|${limit}`, read) as R[]);
  });
}

/** A filter of yes or no. */
export function yesNo(label: string, where: (yes: boolean) => SQL | undefined): Filter {
  return { label, values: ['true', 'false'], where: (v) => where(v === 'true') };
}

/** The query parameters of a list, for the OpenAPI document. */
export function listingParameters({ sorts, filters }: ListParameters): Record<string, { description: string; schema?: Record<string, unknown> }> {
  return {
    page: { description: 'page number, from 1 (default 1)', schema: { type: 'integer', minimum: 1 } },
    size: {
      description: `rows per page (default ${PAGE_SIZE.default}, at most ${PAGE_SIZE.max})`,
      schema: { type: 'integer', minimum: 1, maximum: PAGE_SIZE.max },
    },
    q: { description: 'search: part of the name, or the start of the unified credit code', schema: { type: 'string', maxLength: SEARCH_MAX } },
    sort: { description: `sort column (default ${sorts[0]})`, schema: { enum: sorts } },
    order: { description: 'asc (default) or desc', schema: { enum: ['asc', 'desc'] } },
    ...Object.fromEntries(Object.entries(filters).map(([name, description]) => [name, { description }])),
  };
}

export const CAMPAIGN_FILTERS = {
  bureau: 'the id of the bureau the employer is assigned to (one of the campaign’s bureau and those below it)',
  stratum: 'the employer’s stratum in the draw (a key of the draw’s strata)',
  late: 'true: declared late; false: declared in time',
};

/** each campaign's draw strata, which every list of it offers as a filter, until the database changes */
const drawStrata = new StampedCache<Record<string, unknown> | null | undefined>(1000);

/** The filters every list of a campaign has: the bureau an employer is assigned to, its stratum in the draw, a late declaration. */
export function campaignFilters(
  db: Db,
  campaign: Campaign,
  columns: { bureau: SQLiteColumn; stratum: SQLiteColumn; late: SQLiteColumn },
): Record<keyof typeof CAMPAIGN_FILTERS, Filter> {
  const strata = drawStrata.get(
    db,
    String(campaign.id),
    () => db.select({ strata: schema.draws.strata }).from(schema.draws).where(eq(schema.draws.campaignId, campaign.id)).get()?.strata,
  );
  return {
    bureau: { label: '管辖人社局', values: bureauScope(db, campaign.bureauId), where: (v) => eq(columns.bureau, v) },
    stratum: { label: '抽取层级', values: Object.keys(strata ?? {}), where: (v) => eq(columns.stratum, v) },
    late: yesNo('逾期申报', (yes) => (yes ? eq(columns.late, true) : eq(columns.late, false))),
  };
}
