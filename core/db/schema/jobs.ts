/** Long steps run as jobs, kept here so any process can say how one went, and a restart shows it cut off. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './registry.ts';

export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    what: text('what').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** running, done, failed, or interrupted (its process ended before it did) */
    status: text('status', { enum: ['running', 'done', 'failed', 'interrupted'] }).notNull(),
    done: integer('done').notNull(),
    result: text('result', { mode: 'json' }),
    /** message is Chinese then English; zh the Chinese alone, for the console */
    error: text('error', { mode: 'json' }).$type<{ code: string; message: string; zh?: string; details: unknown[] }>(),
    startedAt: text('started_at').notNull(),
    endedAt: text('ended_at'),
  },
  (t) => [index('jobs_status').on(t.status)],
);
