/**
 * Every state change writes one append-only audit record, in the same transaction as the change.
 * The records form a hash chain: each carries the hash of the one before and SHA-256 of that hash
 * with its own content, so whoever edits the database file directly cannot forge, change or remove
 * a record without breaking the chain from that record on (verifyAuditChain).
 */
import { desc, sql } from 'drizzle-orm';
import { schema, type Db, type DbOrTx } from '../db/index.ts';
import { sha256 } from '../hash.ts';
import { now, type Actor } from './actor.ts';

/** The columns as stored: before and after as their JSON text (what drizzle writes), or null. */
interface StoredEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
}

/** The hash of an entry: its predecessor's hash and its own columns, in a fixed order. */
export function entryHash(prevHash: string, e: StoredEntry): string {
  return sha256(`${prevHash}\n${JSON.stringify([e.id, e.at, e.actor, e.action, e.entity, e.entityId, e.before, e.after])}`);
}

const asStored = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export function audit(db: DbOrTx, actor: Actor, action: string, entity: string, entityId: string | number, before: unknown, after: unknown): void {
  const append = (tx: DbOrTx) => {
    const last = tx.select({ hash: schema.auditLog.hash }).from(schema.auditLog).orderBy(desc(schema.auditLog.id)).limit(1).get();
    const prevHash = last?.hash ?? '';
    // the id the table would give (AUTOINCREMENT never reuses one), so a removed last record leaves a gap
    const seq = tx.get<{ seq: number } | undefined>(sql`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`)?.seq ?? 0;
    const entry = { id: seq + 1, at: now(), actor: actor.username, action, entity, entityId: String(entityId) };
    const hash = entryHash(prevHash, { ...entry, before: asStored(before), after: asStored(after) });
    tx.insert(schema.auditLog).values({ ...entry, before: before ?? null, after: after ?? null, prevHash, hash }).run();
  };
  // reading the last hash and appending must not be split by another writer, or the chain forks:
  // inside the caller's transaction already, or in one of its own that takes the write lock first
  if ('rollback' in db) append(db);
  else db.transaction(append, { behavior: 'immediate' });
}

export interface AuditVerification {
  ok: boolean;
  /** the last record's hash: noted outside the database, it also shows records removed from the end */
  lastHash?: string;
  /** records checked */
  entries: number;
  /** records written before the chain existed (no hash), at the start of the log */
  unchained: number;
  /** the first record whose hash or link is wrong, or where records are missing */
  firstBadId?: number;
  zh?: string;
  en?: string;
}

/** Walk the chain from the first record; name the first one forged, changed, or after a removed one. */
export function verifyAuditChain(db: Db): AuditVerification {
  const rows = db.$client
    .prepare('SELECT id, at, actor, action, entity, entity_id AS entityId, before, after, prev_hash AS prevHash, hash FROM audit_log ORDER BY id')
    .all() as (StoredEntry & { prevHash: string | null; hash: string | null })[];
  let unchained = 0;
  let prev: { id: number; hash: string } | undefined;
  const bad = (id: number, zh: string, en: string): AuditVerification => ({ ok: false, entries: rows.length, unchained, firstBadId: id, zh, en });
  for (const row of rows) {
    if (row.hash === null && !prev) {
      unchained++;
      continue;
    }
    if (prev && row.id !== prev.id + 1) return bad(row.id, `记录 ${prev.id} 与 ${row.id} 之间的记录被删除`, `records between ${prev.id} and ${row.id} were removed`);
    if (row.prevHash !== (prev?.hash ?? '')) return bad(row.id, `记录 ${row.id} 与前一条记录的链接不符（前一条被删除或篡改）`, `record ${row.id} does not link to the record before it (removed or altered)`);
    if (row.hash !== entryHash(row.prevHash ?? '', row)) return bad(row.id, `记录 ${row.id} 的内容与其哈希不符（被篡改）`, `record ${row.id} does not match its hash (altered)`);
    prev = { id: row.id, hash: row.hash };
  }
  // records removed from the end leave the autoincrement counter above the last id
  const seq = db.$client.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get() as number | undefined;
  const lastId = rows.at(-1)?.id ?? 0;
  if (seq !== undefined && seq > lastId) return bad(lastId + 1, `记录 ${lastId + 1} 起的最后几条记录被删除`, `the last records from ${lastId + 1} on were removed`);
  return { ok: true, lastHash: prev?.hash, entries: rows.length, unchained };
}
