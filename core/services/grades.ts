/** The grades of a campaign with their reasons, and their export as CSV, JSON or XLSX. */
import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { schema, type Db } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import type { Actor } from './actor.ts';
import { getCampaign } from './campaign.ts';
import { bureauScope } from './population.ts';

export interface GradeRow {
  creditCode: string;
  name: string;
  bureau: string | null;
  grade: string | null;
  graded: boolean;
  label: string | null;
  status: string;
  reasons: { rule: string; reason: string; basis: string }[];
}

export function listGrades(db: Db, actor: Actor, campaignId: number): GradeRow[] {
  const campaign = getCampaign(db, actor, campaignId);
  // a bureau under the campaign's sees its own employers only
  const scope = actor.bureauId && actor.bureauId !== campaign.bureauId ? bureauScope(db, actor.bureauId) : null;
  const g = schema.grades;
  const e = schema.employers;
  const a = schema.assignments;
  return db
    .select({ creditCode: e.creditCode, name: e.name, bureau: a.bureauId, grade: g.grade, graded: g.graded, label: g.label, status: g.status, reasons: g.reasons })
    .from(g)
    .innerJoin(e, eq(e.id, g.employerId))
    .innerJoin(a, and(eq(a.employerId, g.employerId), eq(a.campaignId, g.campaignId)))
    .where(eq(g.campaignId, campaignId))
    .orderBy(asc(e.creditCode))
    .all()
    .filter((r) => !scope || (r.bureau !== null && scope.includes(r.bureau)));
}

const HEADERS = ['统一社会信用代码', '单位名称', '管辖人社局', '等级', '等级名称', '状态', '评价理由', '依据'];
const STATUS: Record<string, string> = { preliminary: '初评', changed: '已变更', published: '已公布' };

function cells(r: GradeRow): string[] {
  return [
    r.creditCode, r.name, r.bureau ?? '', r.graded ? (r.grade ?? '') : '不参评', r.label ?? '', STATUS[r.status] ?? r.status,
    r.reasons.map((x) => x.reason).join('；'), [...new Set(r.reasons.map((x) => x.basis))].join('；'),
  ];
}

export async function exportGrades(rows: GradeRow[], format: string): Promise<Buffer> {
  if (format === 'json') return Buffer.from(`${JSON.stringify(rows, null, 2)}\n`);
  if (format === 'csv') {
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    // BOM so that Excel opens the Chinese text as UTF-8
    return Buffer.from(`\uFEFF${[HEADERS, ...rows.map(cells)].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`);
  }
  if (format === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('守法诚信等级');
    sheet.addRow(HEADERS).font = { bold: true };
    for (const r of rows) sheet.addRow(cells(r));
    sheet.columns.forEach((c, i) => (c.width = [22, 30, 18, 6, 10, 8, 50, 50][i]));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  throw new JianchaError('invalid-input', `不支持的导出格式 ${format}（csv、json 或 xlsx）`, `unsupported format ${format} (csv, json or xlsx)`);
}
