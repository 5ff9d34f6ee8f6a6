/** Bureaus, users and the employer registry. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const bureaus = sqliteTable('bureaus', {
  id: text('id').primaryKey(),
  plugin: text('plugin').notNull(),
  name: text('name').notNull(),
  parentId: text('parent_id'),
  level: text('level'),
  /** the division codes and parks the directory gives the bureau: whose registry rows are its own */
  divisions: text('divisions', { mode: 'json' }).$type<string[]>(),
  parks: text('parks', { mode: 'json' }).$type<string[]>(),
});

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** administrator | head | clerk | employer */
    role: text('role').notNull(),
    bureauId: text('bureau_id').references(() => bureaus.id),
    /** the region (plugin id) the account acts in: its bureau's, or for an employer account the registry its credit code is in; null: the system administrator */
    region: text('region'),
    creditCode: text('credit_code'),
    passwordHash: text('password_hash'),
    /** a one-time password (new account, reset) must be replaced at the next login */
    passwordChangeRequired: integer('password_change_required', { mode: 'boolean' }).notNull().default(false),
    /** set when an administrator disables the account: no login, no session */
    disabledAt: text('disabled_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_username').on(t.username)],
);

/**
 * The registry record of an employer: the shared facts of core/schemas/facts.schema.json and the
 * region's own in `facts`. Each
 * region (the plugin whose bureaus administer it) keeps its own registry: the same credit code may
 * be in two regions, each row read and changed only by its own.
 */
export const employers = sqliteTable(
  'employers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    region: text('region').notNull(),
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    unitType: text('unit_type').notNull(),
    adminLevel: text('admin_level'),
    divisionCode: text('division_code').notNull(),
    workDivisionCodes: text('work_division_codes', { mode: 'json' }).$type<string[]>().notNull(),
    park: text('park'),
    industryCode: text('industry_code'),
    headcount: integer('headcount').notNull(),
    usesDispatch: integer('uses_dispatch', { mode: 'boolean' }).notNull(),
    operating: integer('operating', { mode: 'boolean' }).notNull(),
    lastGrade: text('last_grade'),
    gradeHistory: text('grade_history', { mode: 'json' }).$type<{ year: number; grade: string }[]>().notNull(),
    /** the region's own registry facts (its plugin's vocabulary, source registry), by name */
    facts: text('facts', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: text('updated_at').notNull(),
  },
  // (region) holds the rowid after it: a region's registry is paged by id without sorting what is left
  // of it for every page, which made a step over 1,000,000 employers quadratic
  (t) => [uniqueIndex('employers_region_credit_code').on(t.region, t.creditCode), index('employers_region').on(t.region)],
);
