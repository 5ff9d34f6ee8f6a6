/** A bureau's edits of its region's rulesets: every version kept, with author and reason. */
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './registry.ts';

export const rulesetVersions = sqliteTable(
  'ruleset_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** rulesets/<plugin>/<file>, the file the edit takes the place of */
    file: text('file').notNull(),
    plugin: text('plugin').notNull(),
    decision: text('decision').notNull(),
    /** 1, 2, …; version 0 is the file as shipped */
    version: integer('version').notNull(),
    content: text('content').notNull(),
    hash: text('hash').notNull(),
    reason: text('reason').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('ruleset_versions_file_version').on(t.file, t.version)],
);
