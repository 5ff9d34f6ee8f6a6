/**
 * The data of each form (formData.ts) from a campaign's records, for the actor who asks: the review
 * form from the declaration, the rectification advice from the review, the C notice from the grade
 * and the publicity period, the grade lists and the patrol plan from the campaign.
 */
import { and, eq } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { schema, type Db } from '../db/index.ts';
import { first } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import type { Decider } from '../decide.ts';
import { DOCUMENTS, renderDocument, type DocumentInput, type FormName } from '../render/documents.ts';
import { writtenNoticeNumber } from '../render/issuer.ts';
import type { Bureau } from '../types.ts';
import type { FormData } from '../render/formData.ts';
import type { Registry } from '../registry.ts';
import type { Actor } from './actor.ts';
import { campaignDate, campaignDeadlines, getCampaign, type Campaign } from './campaign.ts';
import { reviewComments } from './reviews.ts';
import { employerFacts, type EmployerRow } from './employerFacts.ts';
import { listGrades } from './grades.ts';
import { findEmployer } from './population.ts';
import { listPlans } from './supervision.ts';
import { requireStep } from '../policy.ts';
import { reasonsWithFacts } from './gradeFacts.ts';
import { writtenNoticeOf } from './writtenNotices.ts';

const DISPOSITIONS: Record<string, string> = {
  none: '无需处理',
  rectificationAdvice: '下发整改建议书',
  rectificationOrder: '责令改正',
  caseFiling: '立案查处',
};

const needEmployer = (name: string, code: string | undefined): string => {
  if (!code) throw new JianchaError('invalid-input', `文书“${name}”须指定用人单位`, `the document "${name}" needs an employer`);
  return code;
};

const byKey = (campaign: Campaign, t: { campaignId: SQLiteColumn; employerId: SQLiteColumn }, employerId: number) =>
  and(eq(t.campaignId, campaign.id), eq(t.employerId, employerId));

const declarationOf = (db: Db, campaign: Campaign, e: EmployerRow) =>
  first(
    db
      .select()
      .from(schema.declarations)
      .where(byKey(campaign, schema.declarations, e.id)),
  );

const publicityOf = (db: Db, campaign: Campaign) => first(db.select().from(schema.publicity).where(eq(schema.publicity.campaignId, campaign.id)));

/** The employer's facts in the campaign, its declaration's included: what every document of it prints. */
const campaignFacts = async (db: Db, campaign: Campaign, e: EmployerRow) => employerFacts(e, campaign.year, { declared: await declarationOf(db, campaign, e) });

export async function formDataOf<N extends FormName>(
  db: Db,
  registry: Registry,
  actor: Actor,
  campaign: Campaign,
  name: N,
  creditCode?: string,
): Promise<FormData[N]> {
  const plugin = registry.get(campaign.plugin);
  const at = campaignDate(campaign);
  const employerOf = () => findEmployer(db, actor, campaign, needEmployer(name, creditCode));
  switch (name) {
    case 'reviewForm': {
      const e = employerOf();
      const declaration = await declarationOf(db, campaign, e);
      return {
        employer: employerFacts(e, campaign.year, { declared: declaration }),
        basics: declaration?.basics ?? {},
        ...(await approvalOf(db, campaign, e.id)),
      } as FormData[N];
    }
    case 'rectificationAdvice': {
      const e = employerOf();
      const review = await first(
        db
          .select()
          .from(schema.reviews)
          .where(byKey(campaign, schema.reviews, e.id)),
      );
      if (!review?.outcome) throw new JianchaError('conflict', `${e.name} 尚无审查结果`, `${e.creditCode} has no review result`);
      // the advice is the disposition of a review with minor violations (江津通知 三、（一）4: 用人单位有轻微违法行为的，
      // 下达《劳动保障监察书面审查处理建议书》), sent with the result, which a head's approval makes (三、（一）3)
      if (review.disposition !== 'rectificationAdvice') {
        const disposition = review.disposition ?? 'none';
        throw new JianchaError(
          'conflict',
          `${e.name} 的审查处理意见为“${DISPOSITIONS[disposition] ?? disposition}”，不下达书面审查处理建议书`,
          `the review of ${e.creditCode} has disposition ${disposition}: no rectification advice`,
        );
      }
      if (!review.approvedAt) throw new JianchaError('conflict', `${e.name} 的审查结果尚未经负责人审批`, `the review of ${e.creditCode} is not approved yet`);
      const items = new Map(plugin.reviewItems().map((i) => [i.item, i]));
      const labels = plugin.effectiveRuleset('review', at)?.labels ?? {};
      const decisive = review.reasons[0];
      return {
        employer: await campaignFacts(db, campaign, e),
        findings: review.findings.map((f) => ({ ...f, text: items.get(f.item)?.text ?? f.item, basis: items.get(f.item)?.basis ?? '' })),
        outcome: review.outcome,
        outcomeLabel: labels[review.outcome] ?? review.outcome,
        disposition: review.disposition ?? 'none',
        dispositionLabel: DISPOSITIONS[review.disposition ?? 'none'],
        reason: decisive?.reason ?? '',
        basis: decisive?.basis ?? '',
        // dated the day the result was formed and the advice issued with it
        reviewedAt: review.approvedAt.slice(0, 10),
        dueDate: campaignDeadlines(campaign).rectification,
      } as FormData[N];
    }
    case 'gradeList': {
      const period = await publicityOf(db, campaign);
      if (!period) throw new JianchaError('conflict', '等级尚未公示', 'the grades are not in publicity yet');
      const rows = listGrades(db, actor, campaign.id)
        .filter((g) => g.graded && g.grade)
        .map((g) => ({ creditCode: g.creditCode, name: g.name, grade: g.grade as string, label: g.label ?? '' }));
      return (
        period.publishedOn
          ? { kind: 'publication', year: campaign.year, publishedOn: period.publishedOn, rows }
          : { kind: 'publicity', year: campaign.year, from: period.fromDate, to: period.toDate, rows }
      ) as FormData[N];
    }
    case 'patrolPlan': {
      // the plan's point is its dates, which are not for the employers it inspects
      requireStep(actor, 'patrol.read', campaign.plugin);
      const rows = listPlans(db, actor, campaign.id);
      if (!rows.length) throw new JianchaError('conflict', '尚未制定监管计划', 'no supervision plan yet');
      // a plan is made after publication (planSupervision), so its date is set
      const publishedOn = (await publicityOf(db, campaign))!.publishedOn!;
      return {
        year: Number(publishedOn.slice(0, 4)),
        gradedYear: campaign.year,
        publishedOn,
        rows: rows.map(({ plaque: _plaque, datesWithheld: _withheld, ...row }) => row),
      } as FormData[N];
    }
  }
  throw new JianchaError('not-found', `没有文书“${name}”`, `unknown document "${name}"`);
}

/** A review's approval as its form prints it: the day and the head's 审批意见, if it was approved. */
async function approvalOf(db: Db, campaign: Campaign, employerId: number): Promise<{ approval?: { approvedOn: string; comment?: string } }> {
  const review = await first(
    db
      .select()
      .from(schema.reviews)
      .where(byKey(campaign, schema.reviews, employerId)),
  );
  if (!review?.approvedAt) return {};
  const comment = reviewComments(db, review.id)
    .filter((c) => c.action === 'approve')
    .at(-1)?.comment;
  return { approval: { approvedOn: review.approvedAt.slice(0, 10), ...(comment && { comment }) } };
}

/** The reasons of the grade as it stands: a change's own (gradeChanges.ts appends it), else the run's. */
function currentReasons<R extends { rule: string }>(reasons: R[]): R[] {
  const changed = reasons.map((r) => r.rule).lastIndexOf('grade-change');
  return changed >= 0 ? reasons.slice(changed) : reasons;
}

/**
 * The 拟评告知 from the records: the grade's reasons with the facts they rest on, the 文号 and date of
 * its issue, and the bureau that issued it, the one that grades the employer.
 */
async function lowGradeNoticeOf(
  db: Db,
  decider: Decider,
  actor: Actor,
  campaign: Campaign,
  creditCode?: string,
): Promise<{ data: FormData['lowGradeNotice']; issuer: Bureau }> {
  const plugin = decider.registry.get(campaign.plugin);

  const e = findEmployer(db, actor, campaign, needEmployer('lowGradeNotice', creditCode));
  const grade = await first(
    db
      .select()
      .from(schema.grades)
      .where(byKey(campaign, schema.grades, e.id)),
  );
  const scale = plugin.gradeScale();
  if (!grade?.grade || !scale.needsNotice(grade.grade)) {
    const level = scale.noticeLevel;
    throw new JianchaError('conflict', `${e.name} 未被拟评为${level.label}或更低等级`, `${e.creditCode} is not proposed for grade ${level.code} or lower`);
  }
  const period = await publicityOf(db, campaign);
  if (!period) throw new JianchaError('conflict', '公示尚未开始，尚未书面告知', 'publicity has not started: no written notice yet');
  // issued as the publicity opened, or as a change during it proposed the grade (writtenNotices.ts)
  const notice = writtenNoticeOf(db, campaign.id, e.id);
  if (!notice) throw new JianchaError('conflict', `${e.name} 尚未书面告知`, `${e.creditCode} has not been told in writing`);
  const issuer = plugin.bureau(notice.bureauId)!;
  const data: FormData['lowGradeNotice'] = {
    employer: await campaignFacts(db, campaign, e),
    year: campaign.year,
    grade: grade.grade,
    reasons: await reasonsWithFacts(db, decider, campaign, e, currentReasons(grade.reasons), notice.issuedOn),
    number: writtenNoticeNumber(plugin, issuer, notice.issuedOn.slice(0, 4), notice.number),
    issuedOn: notice.issuedOn,
    objectionFrom: period.fromDate,
    objectionTo: period.toDate,
  };
  return { data, issuer };
}

/** A campaign's document for the actor: the notice, or an employer's checklist or form from the records. */
export async function renderCampaignDocument(db: Db, decider: Decider, actor: Actor, campaignId: number, name: string, creditCode?: string) {
  const campaign = getCampaign(db, actor, campaignId);
  const plugin = decider.registry.get(campaign.plugin);
  // once published, every document prints with the settings and wording it was published with
  const published = (
    await first(db.select({ rendering: schema.publicity.rendering }).from(schema.publicity).where(eq(schema.publicity.campaignId, campaign.id)))
  )?.rendering;
  const { settings, overrides } = published ?? { settings: campaign.settings, overrides: campaign.templateOverrides };
  const input: DocumentInput = { plugin, settings, issuer: plugin.bureau(campaign.bureauId), overrides };
  if (!(DOCUMENTS as readonly string[]).includes(name)) return renderDocument(decider, name, input);
  if (name === 'lowGradeNotice') Object.assign(input, await lowGradeNoticeOf(db, decider, actor, campaign, creditCode));
  else if (name !== 'notice' && name !== 'checklist') input.data = await formDataOf(db, decider.registry, actor, campaign, name as FormName, creditCode);
  else if (creditCode) {
    const e = findEmployer(db, actor, campaign, creditCode);
    const declaration = await declarationOf(db, campaign, e);
    input.employer = employerFacts(e, campaign.year, { declared: declaration });
    // the checklist names the staff the declaration drew (江津通知 三、（一）2: 待系统…随机抽选待审查人员名单后), or says they are drawn once it declares
    if (name === 'checklist') input.staffSample = declaration?.staffSample ?? null;
  }
  return renderDocument(decider, name, input);
}
