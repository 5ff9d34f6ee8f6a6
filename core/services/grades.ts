/** The grades of a campaign with their reasons, and their export as CSV, JSON or XLSX. */
import { and, asc, eq } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import type { Actor } from './actor.ts';
import { getCampaign } from './campaign.ts';
import { visibility } from './population.ts';
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

/** The grades as they stand, or for a published campaign, as they were published. */
export function listGrades(db: Db, actor: Actor, campaignId: number): GradeRow[] {
  const campaign = getCampaign(db, actor, campaignId);
  const visible = visibility(db, actor);
  if (campaign.status === 'published') {
    const p = schema.publishedGrades;
    return db
      .select({
        creditCode: p.creditCode,
        name: p.name,
        bureau: p.bureauId,
        grade: p.grade,
        graded: p.graded,
        label: p.label,
        status: p.status,
        reasons: p.reasons,
        rulesetHash: p.rulesetHash,
      })
      .from(p)
      .where(eq(p.campaignId, campaignId))
      .orderBy(asc(p.creditCode))
      .all()
      .filter(visible);
  }
  const g = schema.grades;
  const e = schema.employers;
  const a = schema.assignments;
  return db
    .select({
      creditCode: e.creditCode,
      name: e.name,
      bureau: a.bureauId,
      grade: g.grade,
      graded: g.graded,
      label: g.label,
      status: g.status,
      reasons: g.reasons,
      rulesetHash: schema.gradingRuns.rulesetHash,
    })
    .from(g)
    .innerJoin(e, eq(e.id, g.employerId))
    .innerJoin(a, and(eq(a.employerId, g.employerId), eq(a.campaignId, g.campaignId)))
    .innerJoin(schema.gradingRuns, eq(schema.gradingRuns.id, g.runId))
    .where(eq(g.campaignId, campaignId))
    .orderBy(asc(e.creditCode))
    .all()
    .filter(visible);
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
