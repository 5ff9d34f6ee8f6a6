/**
 * The year's record of each employer for grading (inspections, penalties, blacklists, overdue
 * reviews), imported from the bureau's systems as CSV or XLSX: all or nothing, every bad cell named,
 * every column no field names reported.
 */
import { and, between, eq, getTableColumns, sql } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import { requireStep } from '../policy.ts';
import { requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { rowWriter } from './batch.ts';
import { campaignDeadlines, getCampaign, requireStatus, requireStatusNow, type Campaign } from './campaign.ts';
import { overdue } from './declarations.ts';
import { approvedReviews } from './reviews.ts';
import { type ImportWarning, unknownColumns } from './importWarnings.ts';
import { readSheet, type SheetFormat } from './spreadsheet.ts';

export type YearRecord = Omit<typeof schema.yearRecords.$inferInsert, 'campaignId' | 'employerId'>;

const FIELDS: { key: keyof YearRecord; headers: string[]; count?: true }[] = [
  { key: 'punishedCount', headers: ['查处次数', 'punishedCount'], count: true },
  { key: 'childLabour', headers: ['使用童工', 'childLabour'] },
  { key: 'forcedLabour', headers: ['强迫劳动', 'forcedLabour'] },
  { key: 'massIncident', headers: ['群体性事件', 'massIncident'] },
  { key: 'refusedOrders', headers: ['拒不履行', 'refusedOrders'] },
  { key: 'obstructedInspection', headers: ['阻挠监察', 'obstructedInspection'] },
  { key: 'criminalLiability', headers: ['追究刑事责任', 'criminalLiability'] },
  { key: 'wageArrearsBlacklist', headers: ['拖欠农民工工资失信名单', 'wageArrearsBlacklist'] },
  { key: 'majorViolationPublished', headers: ['重大违法行为公布', 'majorViolationPublished'] },
  { key: 'inspected', headers: ['实施劳动保障监察', 'inspected'] },
  { key: 'reviewOverdue', headers: ['书面审查逾期', 'reviewOverdue'] },
  { key: 'reviewOverdueExcused', headers: ['逾期有正当理由', 'reviewOverdueExcused'] },
];

/** No record means nothing was recorded against the employer this year. */
export const EMPTY_RECORD: YearRecord = {
  punishedCount: 0,
  childLabour: false,
  forcedLabour: false,
  massIncident: false,
  refusedOrders: false,
  obstructedInspection: false,
  criminalLiability: false,
  wageArrearsBlacklist: false,
  majorViolationPublished: false,
  inspected: false,
  reviewOverdue: false,
  reviewOverdueExcused: false,
};

export async function importYearRecords(
  db: Db,
  actor: Actor,
  campaignId: number,
  data: Buffer,
  format: SheetFormat,
  fileName: string,
): Promise<{ rows: number; warnings: ImportWarning[] }> {
  const campaign = getCampaign(db, actor, campaignId);
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
  const fields = FIELDS.map((field) => ({ field, i: sheet.headers.findIndex((h) => field.headers.includes(h)) })).filter((f) => f.i >= 0);
  const warnings = unknownColumns(
    sheet.headers,
    (h) => CODE.includes(h) || FIELDS.some((f) => f.headers.includes(h)),
    FIELDS.map((f) => f.headers[0]),
  );
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
    const record: YearRecord = { ...EMPTY_RECORD };
    for (const { field, i } of fields) {
      const cell = cells[i];
      if (field.count) {
        if (/^\d+$/.test(cell || '0')) (record[field.key] as number) = Number(cell || '0');
        else bad(row, sheet.headers[i], `“${cell}”应为非负整数`, `"${cell}" should be a whole number ≥ 0`);
      } else if (['是', '否', '', 'true', 'false', '1', '0'].includes(cell)) {
        (record[field.key] as boolean) = ['是', 'true', '1'].includes(cell);
      } else bad(row, sheet.headers[i], `“${cell}”应填“是”或“否”`, `"${cell}" should be 是 or 否`);
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
  const columns = getTableColumns(schema.yearRecords);
  const names = FIELDS.map((f) => columns[f.key].name);
  return db.transaction(
    (tx) => {
      requireStatusNow(tx, campaignId, 'created', { zh: '导入年度记录', en: 'import year records' }, 'graded');
      const writer = rowWriter(
        db,
        `INSERT INTO year_records (campaign_id, employer_id, ${names.join(', ')})`,
        names.length + 2,
        `ON CONFLICT (campaign_id, employer_id) DO UPDATE SET ${names.map((n) => `${n} = excluded.${n}`).join(', ')}`,
      );
      for (const { employerId, record } of records) writer.add([campaignId, employerId, ...FIELDS.map((f) => Number(record[f.key]))]);
      writer.flush();
      audit(tx, actor, 'import', 'yearRecords', campaignId, null, { rows: records.length, file: fileName });
      return { rows: records.length, warnings };
    },
    { behavior: 'immediate' },
  );
}

/**
 * The year records of the campaign's employers as the grading run reads them, a page at a time: the
 * imported record, with what the campaign itself saw: an approved written review is an inspection
 * (实施劳动保障监察), and a drawn employer that declared late is overdue; so is one that did not
 * declare by a deadline now past, where the campaign takes declarations in jiancha at all (else the
 * imported record says). The queries are prepared once and read the range of ids a page spans.
 */
export function yearRecordsReader(db: Db, campaign: Campaign, on: string): (employerIds: number[]) => Map<number, YearRecord> {
  const id = campaign.id;
  const first = sql.placeholder('first');
  const last = sql.placeholder('last');
  const { yearRecords: y, drawMembers: m, draws: d, declarations: dec } = schema;
  const importedIn = db
    .select()
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
  return (employerIds) => {
    const range = { first: Math.min(...employerIds), last: Math.max(...employerIds) };
    const imported = new Map(importedIn.all(range).map((r) => [r.employerId, r]));
    const drawn = new Set(drawnIn.all(range).map((r) => r.id));
    const declarations = new Map(declaredIn.all(range).map((r) => [r.employerId, r]));
    const records = new Map<number, YearRecord>();
    for (const employerId of employerIds) {
      const record: YearRecord = { ...EMPTY_RECORD, ...imported.get(employerId) };
      if (reviewed.has(employerId)) record.inspected = true;
      if (declaring && drawn.has(employerId)) {
        const o = overdue(declarations.get(employerId), due, on);
        if (o.overdue && !record.reviewOverdue) Object.assign(record, { reviewOverdue: true, reviewOverdueExcused: o.overdueExcused });
      }
      records.set(employerId, record);
    }
    return records;
  };
}

/** The record as grading facts. */
export function recordFacts(r: YearRecord) {
  return {
    punishedCount: r.punishedCount,
    childLabour: r.childLabour,
    forcedLabour: r.forcedLabour,
    massIncident: r.massIncident,
    refusedOrders: r.refusedOrders,
    obstructedInspection: r.obstructedInspection,
    criminalLiability: r.criminalLiability,
    wageArrearsBlacklist: r.wageArrearsBlacklist,
    majorViolationPublished: r.majorViolationPublished,
    inspected: r.inspected,
    writtenReview: { overdue: r.reviewOverdue, overdueExcused: r.reviewOverdueExcused },
  };
}
