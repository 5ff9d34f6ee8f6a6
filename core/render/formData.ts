/**
 * The plain data each per-employer or per-campaign form is rendered from. The lifecycle services
 * (declarations, reviews, grades, publicity, cadence plans) assemble it from the database; the CLI's
 * `render --data FILE` takes it as JSON. renderDocument checks it against the JSON Schemas in
 * documents.ts, which mirror these types. Templates see nothing else but the issuer, the campaign's
 * settings, the title, the 成文日期 and counts derived from it. Dates are YYYY-MM-DD.
 */
import type { Facts } from '../types.ts';

/** One finding of a review, with the review item's text and basis from the plugin. */
export interface FindingLine {
  item: string;
  /** the review item's words, e.g. 用人单位支付工资和执行最低工资标准的情况 */
  text: string;
  severity: 'minor' | 'penalty';
  note?: string;
  basis: string;
}

export interface ReviewFormData {
  employer: Facts;
  /** what the employer declared, by the plugin's declaration fields (plugin.json declarationForm) */
  basics: Record<string, unknown>;
  /** once a head approved the review: the date and 审批意见, printed in the form's approval block */
  approval?: { approvedOn: string; comment?: string };
}

export interface RectificationAdviceData {
  employer: Facts;
  findings: FindingLine[];
  /** the review decision's outcome and disposition, with their Chinese labels and basis */
  outcome: string;
  outcomeLabel: string;
  disposition: string;
  dispositionLabel: string;
  reason: string;
  basis: string;
  /** YYYY-MM-DD */
  reviewedAt: string;
  dueDate: string;
}

/** A fact a reason rests on, as the letter states it: 查处次数：3, from 年度劳动保障监察记录 */
export interface ReasonFact {
  text: string;
  /** the record it comes from */
  record?: string;
}

export interface GradeReason {
  rule: string;
  reason: string;
  basis: string;
  facts?: ReasonFact[];
}

/** 拟评告知: the written notice of a proposed grade at or below the scale's notice level (拟评C级书面告知) */
export interface LowGradeNoticeData {
  employer: Facts;
  year: number;
  /** the proposed grade, a level of the plugin's scale */
  grade: string;
  reasons: GradeReason[];
  /** the 文号, e.g. 昌州人社诚信告〔2025〕3号 */
  number: string;
  /** YYYY-MM-DD: the day it was issued, its 成文日期, from which the remedies' working days run */
  issuedOn: string;
  /** the publicity period, in which an objection may be raised; YYYY-MM-DD */
  objectionFrom: string;
  objectionTo: string;
}

export interface GradeListRow {
  creditCode: string;
  name: string;
  grade: string;
  label: string;
}

/** 公示名单 / 公布名单 */
export interface GradeListData {
  kind: 'publicity' | 'publication';
  year: number;
  /** publicity only: the period, YYYY-MM-DD */
  from?: string;
  to?: string;
  /** publication only: the day the grades were published, the list's 成文日期 */
  publishedOn?: string;
  rows: GradeListRow[];
}

export interface PatrolPlanRow {
  creditCode: string;
  name: string;
  grade: string;
  patrolsPerYear: number | null;
  exemptFromPatrol: boolean;
  /** planned patrol dates, YYYY-MM-DD, working days */
  dates: string[];
  interview: boolean;
  measures: string[];
}

/** 巡视检查计划: from the publication of the graded year's grades to the end of that year */
export interface PatrolPlanData {
  /** the year the plan runs in: the publication's */
  year: number;
  /** the year graded */
  gradedYear: number;
  /** YYYY-MM-DD: the grades' publication, after which every planned date falls */
  publishedOn: string;
  rows: PatrolPlanRow[];
}

export interface FormData {
  reviewForm: ReviewFormData;
  rectificationAdvice: RectificationAdviceData;
  lowGradeNotice: LowGradeNoticeData;
  gradeList: GradeListData;
  patrolPlan: PatrolPlanData;
}
