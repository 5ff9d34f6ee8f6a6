/** A campaign and what its year produces: assignments, the draw, year records, grades. */
import { integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Lifecycle } from '../../types.ts';
import type { AreaPlan, StratumPlan } from '../../drawPolicy.ts';
import { bureaus, employers, users } from './registry.ts';

export const campaigns = sqliteTable('campaigns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  plugin: text('plugin').notNull(),
  year: integer('year').notNull(),
  bureauId: text('bureau_id')
    .notNull()
    .references(() => bureaus.id),
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** the plugin's lifecycle numbers in force when the campaign was created, each with its basis */
  lifecycle: text('lifecycle', { mode: 'json' }).$type<Lifecycle>().notNull(),
  templateOverrides: text('template_overrides', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  /** the steps done so far, in order: created, assigned, drawn, graded, published */
  status: text('status').notNull(),
  /** the long step computing outside the write lock now, if any (campaignClaim.ts): { step, pid, since } */
  running: text('running', { mode: 'json' }).$type<{ step: string; pid: number; since: string }>(),
  /** the hash of the jurisdiction rules the assignments were decided with */
  assignmentRulesetHash: text('assignment_ruleset_hash'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: text('created_at').notNull(),
});

/** Jurisdiction of each registry employer for a campaign, with the rule that decided it. */
export const assignments = sqliteTable(
  'assignments',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    inScope: integer('in_scope', { mode: 'boolean' }).notNull(),
    bureauId: text('bureau_id'),
    reason: text('reason').notNull(),
    basis: text('basis').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.employerId] })],
);

export const draws = sqliteTable(
  'draws',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    seed: text('seed').notNull(),
    algorithm: text('algorithm').notNull(),
    populationHash: text('population_hash').notNull(),
    resultHash: text('result_hash').notNull(),
    ratios: text('ratios', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    /** the sampling rules the strata were decided with; null for draws made before it was kept */
    rulesetHash: text('ruleset_hash'),
    /** each stratum's size, how many drawn and by which policy (ratio and rounding, a fixed count, all), as the rules gave them */
    strata: text('strata', { mode: 'json' }).$type<Record<string, StratumPlan>>(),
    /** the count across the area with its rule, reason and basis, where the rules give one */
    area: text('area', { mode: 'json' }).$type<AreaPlan>(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('draws_campaign').on(t.campaignId)],
);

/** One drawn employer: by rank in its stratum, as a key industry, or added by hand with a reason. */
export const drawMembers = sqliteTable(
  'draw_members',
  {
    drawId: integer('draw_id')
      .notNull()
      .references(() => draws.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    stratum: text('stratum').notNull(),
    /** random | forced | manual */
    cause: text('cause').notNull(),
    rankKey: text('rank_key').notNull(),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.drawId, t.employerId] })],
);

/**
 * The draw's inputs, one row per employer of its population: the facts the sampling rules read and
 * what they decided, so that verifyDraw redoes the draw from what it used and names what changed since.
 */
export const drawPopulation = sqliteTable(
  'draw_population',
  {
    drawId: integer('draw_id')
      .notNull()
      .references(() => draws.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    /** JSON of the facts the sampling rules read, keys sorted */
    facts: text('facts').notNull(),
    stratum: text('stratum').notNull(),
    forced: integer('forced', { mode: 'boolean' }).notNull(),
    note: text('note'),
    /** in the union the count across the area is drawn from */
    area: integer('area', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.drawId, t.employerId] })],
);

/** The year's record of an employer, imported for grading: its facts, as the region's vocabulary names them. */
export const yearRecords = sqliteTable(
  'year_records',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    /** the year record's facts by name (the vocabulary's facts whose source is the year record) */
    facts: text('facts', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.employerId] })],
);

export const gradingRuns = sqliteTable('grading_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  campaignId: integer('campaign_id')
    .notNull()
    .references(() => campaigns.id),
  rulesetHash: text('ruleset_hash').notNull(),
  graded: integer('graded').notNull(),
  counts: text('counts', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: text('created_at').notNull(),
});

export const grades = sqliteTable(
  'grades',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    runId: integer('run_id')
      .notNull()
      .references(() => gradingRuns.id),
    grade: text('grade'),
    graded: integer('graded', { mode: 'boolean' }).notNull(),
    label: text('label'),
    /** [{ rule, reason, basis }] */
    reasons: text('reasons', { mode: 'json' }).$type<{ rule: string; reason: string; basis: string }[]>().notNull(),
    /** preliminary | changed | published */
    status: text('status').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.employerId] })],
);

/**
 * What was published, per employer, as it was at publication: the published lists and grades of a
 * published campaign are read from here, so no later change of the registry or the records shows in them.
 */
export const publishedGrades = sqliteTable(
  'published_grades',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    bureauId: text('bureau_id'),
    grade: text('grade'),
    graded: integer('graded', { mode: 'boolean' }).notNull(),
    label: text('label'),
    reasons: text('reasons', { mode: 'json' }).$type<{ rule: string; reason: string; basis: string }[]>().notNull(),
    status: text('status').notNull(),
    rulesetHash: text('ruleset_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.employerId] })],
);
