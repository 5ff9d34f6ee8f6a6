/** Sessions of the console and API tokens: only a hash of the secret is stored. */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './registry.ts';

export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  expiresAt: text('expires_at').notNull(),
  createdAt: text('created_at').notNull(),
});
