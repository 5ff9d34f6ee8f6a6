/**
 * The append-only audit log: who did what, when, and the record before and after. Each entry carries
 * the hash of the one before and its own (core/services/audit.ts), so a row forged or removed with
 * direct access to the file breaks the chain that `jiancha audit verify` checks.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  before: text('before', { mode: 'json' }),
  after: text('after', { mode: 'json' }),
  /** the bureau whose entry this is (null: the system's own, e.g. the system administrator's accounts), and its region: each bureau reads its own */
  bureauId: text('bureau_id'),
  region: text('region'),
  prevHash: text('prev_hash'),
  hash: text('hash'),
});
