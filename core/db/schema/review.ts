/**
 * What happens to drawn employers between the draw and publication: declarations, reviews and their
 * rectifications, grade changes, publicity and objections, and next year's supervision plans.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { DeclarationBasics } from '../../render/formData.ts';
import { campaigns } from './campaign.ts';
import { employers, users } from './registry.ts';

export interface RosterEntry {
  /** 工号或身份证号：the roster's key, unique within the employer */
  id: string;
  name: string;
}

export interface Finding {
  item: string;
  severity: 'minor' | 'penalty';
  note?: string;
}

export type Reason = { rule: string; reason: string; basis: string };

/** An employer's declaration: basic data, roster, its staff sample and document checklist. */
export const declarations = sqliteTable(
  'declarations',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    basics: text('basics', { mode: 'json' }).$type<DeclarationBasics>().notNull(),
    roster: text('roster', { mode: 'json' }).$type<RosterEntry[]>().notNull(),
    staffSample: text('staff_sample', { mode: 'json' }).$type<RosterEntry[]>().notNull(),
    checklist: text('checklist', { mode: 'json' }).$type<unknown[]>().notNull(),
    /** YYYY-MM-DD */
    dueDate: text('due_date').notNull(),
    submittedOn: text('submitted_on').notNull(),
    late: integer('late', { mode: 'boolean' }).notNull(),
    lateExcuse: text('late_excuse'),
    submittedBy: integer('submitted_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.employerId] })],
);

/** One drawn employer's review: its reviewer, findings, the review decision, and the head's approval. */
export const reviews = sqliteTable(
  'reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    reviewerId: integer('reviewer_id').references(() => users.id),
    findings: text('findings', { mode: 'json' }).$type<Finding[]>().notNull(),
    undetermined: integer('undetermined', { mode: 'boolean' }).notNull(),
    outcome: text('outcome'),
    disposition: text('disposition'),
    reasons: text('reasons', { mode: 'json' }).$type<Reason[]>().notNull(),
    /** the review rules the outcome was decided with */
    rulesetHash: text('ruleset_hash'),
    /** assigned | recorded | returned (sent back by the head, to record again) | approved */
    status: text('status').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: text('recorded_at'),
    approvedBy: integer('approved_by').references(() => users.id),
    approvedAt: text('approved_at'),
  },
  (t) => [uniqueIndex('reviews_campaign_employer').on(t.campaignId, t.employerId)],
);

/**
 * The head's word on a recorded review (审批意见): with an approval, optional; with a send-back (退回),
 * required, since it tells the reviewer what to change. Kept for each round, as the review's history.
 */
export const reviewComments = sqliteTable(
  'review_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewId: integer('review_id')
      .notNull()
      .references(() => reviews.id),
    /** approve | return */
    action: text('action').notNull(),
    comment: text('comment'),
    by: integer('by')
      .notNull()
      .references(() => users.id),
    at: text('at').notNull(),
  },
  // the review list shows each review's latest comment
  (t) => [index('review_comments_review').on(t.reviewId)],
);

/** A problem found in review, tracked until the bureau verifies it was put right. */
export const rectifications = sqliteTable('rectifications', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  reviewId: integer('review_id')
    .notNull()
    .references(() => reviews.id),
  item: text('item').notNull(),
  note: text('note'),
  dueDate: text('due_date').notNull(),
  /** open | submitted | verified */
  status: text('status').notNull(),
  evidence: text('evidence'),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: text('updated_at').notNull(),
});

/** A change of a preliminary grade: asked with a reason, decided by a head who did not ask. */
export const gradeChanges = sqliteTable('grade_changes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  campaignId: integer('campaign_id')
    .notNull()
    .references(() => campaigns.id),
  employerId: integer('employer_id')
    .notNull()
    .references(() => employers.id),
  fromGrade: text('from_grade'),
  toGrade: text('to_grade').notNull(),
  reason: text('reason').notNull(),
  /** pending | approved | rejected */
  status: text('status').notNull(),
  requestedBy: integer('requested_by')
    .notNull()
    .references(() => users.id),
  requestedAt: text('requested_at').notNull(),
  decidedBy: integer('decided_by').references(() => users.id),
  decidedAt: text('decided_at'),
});

/** The publicity of a campaign's proposed grades, and their publication. */
export const publicity = sqliteTable('publicity', {
  campaignId: integer('campaign_id')
    .primaryKey()
    .references(() => campaigns.id),
  fromDate: text('from_date').notNull(),
  toDate: text('to_date').notNull(),
  workingDays: integer('working_days').notNull(),
  startedBy: integer('started_by')
    .notNull()
    .references(() => users.id),
  publishedOn: text('published_on'),
  publishedBy: integer('published_by').references(() => users.id),
  /** the documents' inputs at publication, from which the published lists are printed */
  rendering: text('rendering', { mode: 'json' }).$type<{ settings: Record<string, unknown>; overrides: Record<string, string> }>(),
});

export const objections = sqliteTable('objections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  campaignId: integer('campaign_id')
    .notNull()
    .references(() => campaigns.id),
  employerId: integer('employer_id')
    .notNull()
    .references(() => employers.id),
  text: text('text').notNull(),
  filedOn: text('filed_on').notNull(),
  filedBy: integer('filed_by')
    .notNull()
    .references(() => users.id),
  /** open | upheld | dismissed */
  status: text('status').notNull(),
  resolution: text('resolution'),
  gradeChangeId: integer('grade_change_id').references(() => gradeChanges.id),
  resolvedBy: integer('resolved_by').references(() => users.id),
  resolvedAt: text('resolved_at'),
});

/** Next year's supervision of a graded employer, from the cadence decision. */
export const supervisionPlans = sqliteTable(
  'supervision_plans',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    year: integer('year').notNull(),
    grade: text('grade').notNull(),
    patrolsPerYear: integer('patrols_per_year'),
    exemptFromPatrol: integer('exempt_from_patrol', { mode: 'boolean' }).notNull(),
    interview: integer('interview', { mode: 'boolean' }).notNull(),
    dates: text('dates', { mode: 'json' }).$type<string[]>().notNull(),
    measures: text('measures', { mode: 'json' }).$type<{ text: string; basis: string; rule: string; plaque?: true }[]>().notNull(),
    /** the cadence rules the plan was decided with */
    rulesetHash: text('ruleset_hash'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.employerId] })],
);
