/**
 * What a step of the year will do, in the counts that matter, before it is done: the console asks
 * the clerk to confirm with them ("865 家尚未申报，评价后不能再申报"), since draw, grading, publicity
 * and publication cannot be undone. Warnings are what a clerk would want to fix first.
 */
import { and, count, eq } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { requireStep, type Step } from '../policy.ts';
import type { Registry } from '../registry.ts';
import { requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { regionOf } from './bureaus.ts';
import { campaignDeadlines, getCampaign, type Campaign } from './campaign.ts';

export interface StepPreview {
  step: Step;
  /** what the step does, with its counts */
  facts: string[];
  /** what will be lost or missing if it is done now */
  warnings: string[];
  /** what cannot be undone afterwards */
  final: string;
}

const PREVIEWED = ['assign', 'draw', 'grading', 'publicity', 'publish', 'campaign.delete'] as const;
export type PreviewedStep = (typeof PREVIEWED)[number];

export function isPreviewed(step: string): step is PreviewedStep {
  return (PREVIEWED as readonly string[]).includes(step);
}

async function countOf(db: Db, table: typeof schema.assignments | typeof schema.yearRecords, campaignId: number, extra?: ReturnType<typeof eq>) {
  const [row] = await db
    .select({ n: count() })
    .from(table)
    .where(extra ? and(eq(table.campaignId, campaignId), extra) : eq(table.campaignId, campaignId));
  return row!.n;
}

/** The drawn employers of the campaign, and how far their declarations and reviews have come. */
function reviewState(db: Db, campaignId: number) {
  const row = db.$client
    .prepare(
      `SELECT count(*) AS drawn,
              sum(CASE WHEN x.employer_id IS NULL THEN 1 ELSE 0 END) AS undeclared,
              sum(CASE WHEN r.status IS NULL OR r.status IN ('assigned', 'returned') THEN 1 ELSE 0 END) AS unreviewed,
              sum(CASE WHEN r.status = 'recorded' THEN 1 ELSE 0 END) AS unapproved
       FROM draw_members m JOIN draws d ON d.id = m.draw_id
       LEFT JOIN declarations x ON x.campaign_id = d.campaign_id AND x.employer_id = m.employer_id
       LEFT JOIN reviews r ON r.campaign_id = d.campaign_id AND r.employer_id = m.employer_id
       WHERE d.campaign_id = ?`,
    )
    .get(campaignId) as { drawn: number; undeclared: number | null; unreviewed: number | null; unapproved: number | null };
  return { drawn: row.drawn, undeclared: row.undeclared ?? 0, unreviewed: row.unreviewed ?? 0, unapproved: row.unapproved ?? 0 };
}

/**
 * The campaign's year records against its population: how many were imported, and how many employers
 * in scope have none, whom the grading run takes to have nothing on record (no inspection, no penalty).
 */
export async function yearRecordsState(db: Db, campaignId: number): Promise<{ records: number; inScope: number; missing: number }> {
  const row = db.$client
    .prepare(
      `SELECT count(*) AS inScope, sum(CASE WHEN y.employer_id IS NULL THEN 1 ELSE 0 END) AS missing
       FROM assignments a LEFT JOIN year_records y ON y.campaign_id = a.campaign_id AND y.employer_id = a.employer_id
       WHERE a.campaign_id = ? AND a.in_scope = 1`,
    )
    .get(campaignId) as { inScope: number; missing: number | null };
  return { records: await countOf(db, schema.yearRecords, campaignId), inScope: row.inScope, missing: row.missing ?? 0 };
}

/** The grading's warning on missing year records, or none. */
function recordsWarning({ records, missing }: Awaited<ReturnType<typeof yearRecordsState>>): string[] {
  if (!records) return ['尚未导入年度记录（监察执法、投诉举报等）：等级将只依据登记册和本活动的审查'];
  if (!missing) return [];
  return [`${missing} 家管辖范围内的用人单位没有年度记录：评价时按本年度无监察执法记录（未实施劳动保障监察、无查处）对待`];
}

/** Grades of the campaign by level, as the plugin's scale names them, worst first. */
async function gradeCounts(db: Db, registry: Registry, campaign: Campaign): Promise<string> {
  const rows = await db
    .select({ grade: schema.grades.grade, graded: schema.grades.graded, n: count() })
    .from(schema.grades)
    .where(eq(schema.grades.campaignId, campaign.id))
    .groupBy(schema.grades.grade, schema.grades.graded);
  const scale = registry.get(campaign.plugin).gradeScale();
  const parts = scale.levels.map((l) => `${l.label} ${rows.find((r) => r.graded && r.grade === l.code)?.n ?? 0} 家`);
  const notGraded = rows.filter((r) => !r.graded).reduce((sum, r) => sum + r.n, 0);
  return `${parts.join('、')}，不参评 ${notGraded} 家`;
}

export async function previewStep(db: Db, registry: Registry, actor: Actor, campaignId: number, step: string): Promise<StepPreview> {
  const campaign = getCampaign(db, actor, campaignId);
  if (!isPreviewed(step)) throw new JianchaError('not-found', `步骤“${step}”无需确认`, `step "${step}" has no preview`);
  const inScope = () => countOf(db, schema.assignments, campaignId, eq(schema.assignments.inScope, true));
  switch (step) {
    case 'assign': {
      const employers = (await first(
        db
          .select({ n: count() })
          .from(schema.employers)
          .where(eq(schema.employers.region, regionOf(db, campaign.bureauId))),
      ))!.n;
      return {
        step,
        facts: [`按管辖规则划分登记册中 ${employers} 家用人单位的管辖`],
        warnings: employers ? [] : ['登记册中还没有用人单位：请先导入名录'],
        final: '抽取之前可以重新划分管辖',
      };
    }
    case 'draw': {
      const n = await inScope();
      return {
        step,
        facts: [`从本活动管辖范围内的 ${n} 家用人单位中，按抽取规则与公布的随机种子抽取审查名单`],
        warnings: n ? [] : ['管辖范围内没有用人单位：请先划分管辖'],
        final: '抽取后名单即确定，不能重新抽取，也不能再删除本活动',
      };
    }
    case 'grading': {
      const s = reviewState(db, campaignId);
      const records = await yearRecordsState(db, campaignId);
      const due = campaignDeadlines(campaign).declaration;
      const warnings = [
        ...(s.undeclared ? [`${s.undeclared} 家尚未申报（申报截止 ${due}），评价后不能再申报`] : []),
        ...(s.unreviewed ? [`${s.unreviewed} 家尚未录入审查结果`] : []),
        ...(s.unapproved ? [`${s.unapproved} 家审查结果尚未审批，未审批的审查不计入评价`] : []),
        ...recordsWarning(records),
      ];
      return {
        step,
        facts: [`为管辖范围内 ${records.inScope} 家用人单位评定初评等级`, `审查名单 ${s.drawn} 家，年度记录 ${records.records} 条`],
        warnings,
        final: '评价后申报与审查即告关闭；公示前可以重新初评',
      };
    }
    case 'publicity': {
      const pending = (await first(
        db
          .select({ n: count() })
          .from(schema.gradeChanges)
          .where(and(eq(schema.gradeChanges.campaignId, campaignId), eq(schema.gradeChanges.status, 'pending'))),
      ))!.n;
      return {
        step,
        facts: [`公示初评结果：${await gradeCounts(db, registry, campaign)}`, `公示期不少于 ${campaignDeadlines(campaign).publicityWorkingDays} 个工作日`],
        warnings: pending ? [`${pending} 项等级变更待审批，审批后才能公示`] : [],
        final: '公示开始后不能再重新初评；异议在公示期内提出',
      };
    }
    case 'publish': {
      const open = (await first(
        db
          .select({ n: count() })
          .from(schema.objections)
          .where(and(eq(schema.objections.campaignId, campaignId), eq(schema.objections.status, 'open'))),
      ))!.n;
      return {
        step,
        facts: [`公布评价结果：${await gradeCounts(db, registry, campaign)}`],
        warnings: open ? [`${open} 项异议尚未处理`] : [],
        final: '公布后等级记入各单位的评价历史，结果与公布名单不能再改动',
      };
    }
    case 'campaign.delete': {
      const records = await countOf(db, schema.yearRecords, campaignId);
      const assignments = await countOf(db, schema.assignments, campaignId);
      return {
        step,
        facts: [`删除活动 ${campaign.id}（${campaign.year} 年度）及其管辖划分 ${assignments} 条、年度记录 ${records} 条`],
        warnings: [],
        final: '删除后不能恢复（审计日志保留删除记录）',
      };
    }
  }
}

/** Steps the given statuses still allow deleting in: before the draw, nothing published or drawn is lost. */
const DELETABLE = ['created', 'assigned'];

/** Delete a mistaken campaign before its draw, with what it had: its assignments and year records. Audited. */
export async function deleteCampaign(db: Db, actor: Actor, campaignId: number): Promise<{ deleted: number }> {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'campaign.delete', campaign.plugin);
  requireBureau(actor, campaign.bureauId);
  return transaction(db, async (tx) => {
    const current = (await first(tx.select().from(schema.campaigns).where(eq(schema.campaigns.id, campaignId))))!;
    if (!DELETABLE.includes(current.status) || current.running)
      throw new JianchaError(
        'conflict',
        `活动 ${campaignId} 已抽取审查名单，不能删除`,
        `campaign ${campaignId} is drawn already (${current.status}): it cannot be deleted`,
      );
    await tx.delete(schema.yearRecords).where(eq(schema.yearRecords.campaignId, campaignId));
    await tx.delete(schema.assignments).where(eq(schema.assignments.campaignId, campaignId));
    await tx.delete(schema.campaigns).where(eq(schema.campaigns.id, campaignId));
    await audit(tx, actor, 'delete', 'campaign', campaignId, current, null, { bureauId: campaign.bureauId });
    return { deleted: campaignId };
  });
}
