/**
 * Every state change writes one append-only audit record, in the same transaction as the change.
 * Each record belongs to a bureau and its region, so that each bureau reads its own entries (and
 * those of the bureaus below it): by default the actor's bureau, or for the system administrator's
 * steps on a campaign the campaign's.
 *
 * The records form a hash chain: each carries the hash of the one before and SHA-256 of that hash
 * with its own content, so whoever edits the database file directly cannot forge, change or remove
 * a record without breaking the chain from that record on (verifyAuditChain).
 */
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { dialectOf, first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { requireStep } from '../policy.ts';
import { now, type Actor } from './actor.ts';
import { bureauScope, regionOf } from './bureaus.ts';
import type { Campaign } from './campaign.ts';

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
  bureauId: string | null;
  region: string | null;
}

/** The hash of an entry: its predecessor's hash and its own columns, in a fixed order. */
export function entryHash(prevHash: string, e: StoredEntry): string {
  return sha256(`${prevHash}\n${JSON.stringify([e.id, e.at, e.actor, e.action, e.entity, e.entityId, e.before, e.after, e.bureauId, e.region])}`);
}

const asStored = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export interface AuditScope {
  bureauId?: string | null;
  region?: string | null;
}

export async function audit(
  db: Db,
  actor: Actor,
  action: string,
  entity: string,
  entityId: string | number,
  before: unknown,
  after: unknown,
  scope: AuditScope = {},
): Promise<void> {
  let bureauId = scope.bureauId !== undefined ? scope.bureauId : actor.bureauId;
  if (bureauId === null && entity === 'campaign') {
    const campaign = await first(
      db
        .select({ bureauId: schema.campaigns.bureauId })
        .from(schema.campaigns)
        .where(eq(schema.campaigns.id, Number(entityId))),
    );
    bureauId = campaign?.bureauId ?? null;
  }
  const region = scope.region ?? (bureauId ? regionOf(db, bureauId) : actor.region) ?? null;
  const append = async (tx: Db) => {
    const id = await nextAuditId(tx);
    const last = await first(tx.select({ hash: schema.auditLog.hash }).from(schema.auditLog).orderBy(desc(schema.auditLog.id)).limit(1));
    const prevHash = last?.hash ?? '';
    const entry = { id, at: now(), actor: actor.username, action, entity, entityId: String(entityId), bureauId, region };
    const hash = entryHash(prevHash, { ...entry, before: asStored(before), after: asStored(after) });
    await tx.insert(schema.auditLog).values({ ...entry, before: before ?? null, after: after ?? null, prevHash, hash });
  };
  // reading the last hash and appending must not be split by another writer, or the chain forks:
  // inside the caller's transaction already (store.ts's, or a bulk step's: on SQLite either holds
  // the write lock; on PostgreSQL nextAuditId locks the table), or in one of its own
  if ('rollback' in db || (dialectOf(db) === 'sqlite' && db.$client.inTransaction)) await append(db);
  else await transaction(db, append);
}

/**
 * The id the table gives its next record, never one it gave before: so a removed last record leaves
 * a gap. On PostgreSQL it first locks the table against other appends until the transaction ends.
 */
async function nextAuditId(tx: Db): Promise<number> {
  if (dialectOf(tx) === 'postgres') {
    const pg = tx as unknown as { execute(query: SQL): Promise<{ rows: { id: number }[] }> };
    await pg.execute(sql`LOCK TABLE audit_log IN EXCLUSIVE MODE`);
    return (await pg.execute(sql`SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))::int AS id`)).rows[0]!.id;
  }
  const [row] = await tx.all<{ seq: number }>(sql`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`);
  return (row?.seq ?? 0) + 1;
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
    .prepare(
      'SELECT id, at, actor, action, entity, entity_id AS entityId, before, after, bureau_id AS bureauId, region, prev_hash AS prevHash, hash FROM audit_log ORDER BY id',
    )
    .all() as (StoredEntry & { prevHash: string | null; hash: string | null })[];
  let unchained = 0;
  let prev: { id: number; hash: string } | undefined;
  const bad = (id: number, zh: string, en: string): AuditVerification => ({ ok: false, entries: rows.length, unchained, firstBadId: id, zh, en });
  for (const row of rows) {
    if (row.hash === null && !prev) {
      unchained++;
      continue;
    }
    if (prev && row.id !== prev.id + 1)
      return bad(row.id, `记录 ${prev.id} 与 ${row.id} 之间的记录被删除`, `records between ${prev.id} and ${row.id} were removed`);
    if (row.prevHash !== (prev?.hash ?? ''))
      return bad(
        row.id,
        `记录 ${row.id} 与前一条记录的链接不符（前一条被删除或篡改）`,
        `record ${row.id} does not link to the record before it (removed or altered)`,
      );
    if (row.hash !== entryHash(row.prevHash ?? '', row))
      return bad(row.id, `记录 ${row.id} 的内容与其哈希不符（被篡改）`, `record ${row.id} does not match its hash (altered)`);
    prev = { id: row.id, hash: row.hash };
  }
  // records removed from the end leave the autoincrement counter above the last id
  const seq = db.$client.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get() as number | undefined;
  const lastId = rows.at(-1)?.id ?? 0;
  if (seq !== undefined && seq > lastId)
    return bad(lastId + 1, `记录 ${lastId + 1} 起的最后几条记录被删除`, `the last records from ${lastId + 1} on were removed`);
  return { ok: true, lastHash: prev?.hash, entries: rows.length, unchained };
}

export const AUDIT_LIMIT = { default: 200, max: 1000 };

/** A `limit` as the caller wrote it: a whole number from 1 to the cap, or absent for the default. */
export function auditLimit(value: string | undefined): number {
  if (value === undefined || value === '') return AUDIT_LIMIT.default;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > AUDIT_LIMIT.max) {
    throw new JianchaError('invalid-input', `limit 须为 1 至 ${AUDIT_LIMIT.max} 的整数`, `limit must be a whole number from 1 to ${AUDIT_LIMIT.max}`);
  }
  return n;
}

/**
 * The audit entries a campaign's reader may see, newest first: those of the reader's bureau and the
 * bureaus below it (the system administrator: of the campaign's bureau and below).
 */
export async function readAudit(db: Db, actor: Actor, campaign: Campaign, limit: number) {
  requireStep(actor, 'audit.read', campaign.plugin);
  const a = schema.auditLog;
  const scope = bureauScope(db, actor.bureauId ?? campaign.bureauId);
  return await db
    .select()
    .from(a)
    .where(and(inArray(a.bureauId, scope), eq(a.region, regionOf(db, campaign.bureauId))))
    .orderBy(desc(a.id))
    .limit(limit);
}
