/**
 * The year's record of each employer for grading (inspections, penalties, blacklists, overdue
 * reviews), imported from the bureau's systems as CSV or XLSX: all or nothing, every bad cell named,
 * every column the region's vocabulary does not know reported.
 */
import { and, between, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { transaction } from '../db/store.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import type { Plugin } from '../plugin.ts';
import { requireStep } from '../policy.ts';
import type { Registry } from '../registry.ts';
import type { Facts } from '../types.ts';
import { requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { CellError } from './employerColumns.ts';
import { rowWriter } from './batch.ts';
import { campaignDeadlines, getCampaign, requireStatus, requireStatusNow, type Campaign } from './campaign.ts';
import { overdue } from './declarations.ts';
import { approvedReviews } from './reviews.ts';
import { type ImportWarning, unknownColumns } from './importWarnings.ts';
import { readSheet, type SheetFormat } from './spreadsheet.ts';
import { emptyRecord, overRecord, setAt, yearRecordColumns } from './yearRecordColumns.ts';

/** The year record of an employer: the facts the vocabulary takes from the year record, by name. */
export type YearRecord = Facts;

export async function importYearRecords(
  db: Db,
  actor: Actor,
  campaignId: number,
  data: Buffer,
  format: SheetFormat,
  fileName: string,
  registry?: Registry,
): Promise<{ rows: number; warnings: ImportWarning[] }> {
  const campaign = getCampaign(db, actor, campaignId);
  // the region's vocabulary where the caller has the plugins at hand, else the shared one
  const plugin = registry?.get(campaign.plugin);
  requireBureau(actor, campaign.bureauId);
  requireStep(actor, 'records.import', campaign.plugin);
  // the records feed the grading run, which is closed once the grades go to publicity
  requireStatus(campaign, 'created', { zh: '导入年度记录', en: 'import year records' }, 'graded');
  const sheet = await readSheet(data, format, fileName);
  const CODE = ['统一社会信用代码', 'creditCode'];
  const codeColumn = sheet.headers.findIndex((h) => CODE.includes(h));
  if (codeColumn < 0)
    throw new JianchaError('invalid-input', `${fileName} 缺少列「统一社会信用代码」`, `${fileName} lacks the column 统一社会信用代码 (creditCode)`);
  const errors: ErrorDetail[] = [];
  const bad = (row: number, header: string, zh: string, en: string) =>
    errors.push({ file: fileName, pointer: `/${row}/${header}`, zh: `第 ${row} 行「${header}」：${zh}`, en: `row ${row}, column "${header}": ${en}` });
  const records: { employerId: number; record: YearRecord }[] = [];
  const seen = new Set<string>();
  // looked up and written through statements prepared once: built per row by the query builder, they
  // took some 300 µs a row, seconds for a bureau's file on the request thread
  const employerId = db.$client.prepare('SELECT id FROM employers WHERE credit_code = ?').pluck();
  const columns = yearRecordColumns(plugin);
  const read = columns.map((column) => ({ column, i: sheet.headers.findIndex((h) => column.headers.includes(h)) })).filter((c) => c.i >= 0);
  const warnings = unknownColumns(
    sheet.headers,
    (h) => CODE.includes(h) || columns.some((c) => c.headers.includes(h)),
    columns.map((c) => c.headers[0]),
  );
  const empty = emptyRecord(plugin);
  for (const { row, cells } of sheet.rows) {
    const code = cells[codeColumn].toUpperCase();
    const id = employerId.get(code) as number | undefined;
    if (id === undefined) {
      bad(row, sheet.headers[codeColumn], `登记册中没有 ${code}`, `no employer ${code} in the registry`);
      continue;
    }
    if (seen.has(code)) {
      bad(row, sheet.headers[codeColumn], `${code} 重复`, `${code} repeats`);
      continue;
    }
    seen.add(code);
    const record = { ...empty };
    for (const { column, i } of read) {
      try {
        const value = column.parse(cells[i] ?? '');
        if (value !== undefined) setAt(record, column.path, value);
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        bad(row, sheet.headers[i], err.zh, err.en);
      }
    }
    records.push({ employerId: id, record });
  }
  if (errors.length)
    throw new JianchaError(
      'invalid-input',
      `${fileName} 有 ${errors.length} 处错误，未导入任何数据`,
      `${fileName} has ${errors.length} error(s); nothing was imported`,
      errors,
    );
  return transaction(db, async (tx) => {
    await requireStatusNow(tx, campaignId, 'created', { zh: '导入年度记录', en: 'import year records' }, 'graded');
    // a second import of an employer replaces its record whole, as the file now has it
    const writer = rowWriter(
      tx,
      'INSERT INTO year_records (campaign_id, employer_id, facts)',
      3,
      'ON CONFLICT (campaign_id, employer_id) DO UPDATE SET facts = excluded.facts',
    );
    for (const { employerId, record } of records) writer.add([campaignId, employerId, JSON.stringify(record)]);
    writer.flush();
    await audit(tx, actor, 'import', 'yearRecords', campaignId, null, { rows: records.length, file: fileName });
    return { rows: records.length, warnings };
  });
}

/**
 * The year records of the campaign's employers as the grading run reads them, a page at a time: the
 * imported record, with what the campaign itself saw: an approved written review is an inspection
 * (实施劳动保障监察), and a drawn employer that declared late is overdue; so is one that did not
 * declare by a deadline now past, where the campaign takes declarations in jiancha at all (else the
 * imported record says). The queries are prepared once and read the range of ids a page spans.
 */
export function yearRecordsReader(db: Db, campaign: Campaign, on: string, plugin?: Plugin): (employerIds: number[]) => Map<number, YearRecord> {
  const id = campaign.id;
  const first = sql.placeholder('first');
  const last = sql.placeholder('last');
  const { yearRecords: y, drawMembers: m, draws: d, declarations: dec } = schema;
  const importedIn = db
    .select({ employerId: y.employerId, facts: y.facts })
    .from(y)
    .where(and(eq(y.campaignId, id), between(y.employerId, first, last)))
    .prepare();
  const drawnIn = db
    .select({ id: m.employerId })
    .from(m)
    .innerJoin(d, eq(d.id, m.drawId))
    .where(and(eq(d.campaignId, id), between(m.employerId, first, last)))
    .prepare();
  const declaredIn = db
    .select()
    .from(dec)
    .where(and(eq(dec.campaignId, id), between(dec.employerId, first, last)))
    .prepare();
  // the approved reviews of the campaign, of drawn employers only: read once, not per page
  const reviewed = approvedReviews(db, id);
  const declaring = db.select({ id: dec.employerId }).from(dec).where(eq(dec.campaignId, id)).limit(1).get() !== undefined;
  const due = campaignDeadlines(campaign).declaration;
  const empty = emptyRecord(plugin);
  return (employerIds) => {
    const range = { first: Math.min(...employerIds), last: Math.max(...employerIds) };
    const imported = new Map(importedIn.all(range).map((r) => [r.employerId, r.facts]));
    const drawn = new Set(drawnIn.all(range).map((r) => r.id));
    const declarations = new Map(declaredIn.all(range).map((r) => [r.employerId, r]));
    const records = new Map<number, YearRecord>();
    for (const employerId of employerIds) {
      const record = overRecord(empty, imported.get(employerId) ?? {});
      if (reviewed.has(employerId)) record.inspected = true;
      const review = record.writtenReview as { overdue?: boolean } | undefined;
      if (declaring && drawn.has(employerId) && !review?.overdue) {
        const o = overdue(declarations.get(employerId), due, on);
        if (o.overdue) record.writtenReview = { ...review, overdue: true, overdueExcused: o.overdueExcused };
      }
      records.set(employerId, record);
    }
    return records;
  };
}
