/**
 * Every state change writes one append-only audit record, in the same transaction as the change.
 * Each record belongs to a bureau and its region, so that each bureau reads its own entries (and
 * those of the bureaus below it): by default the actor's bureau, or for the system administrator's
 * steps on a campaign the campaign's.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { schema, type Db, type DbOrTx } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import { requireStep } from '../policy.ts';
import { now, type Actor } from './actor.ts';
import { bureauScope, regionOf } from './bureaus.ts';
import type { Campaign } from './campaign.ts';

export interface AuditScope {
  bureauId?: string | null;
  region?: string | null;
}

export function audit(db: DbOrTx, actor: Actor, action: string, entity: string, entityId: string | number, before: unknown, after: unknown, scope: AuditScope = {}): void {
  let bureauId = scope.bureauId !== undefined ? scope.bureauId : actor.bureauId;
  if (bureauId === null && entity === 'campaign') {
    bureauId = db.select({ bureauId: schema.campaigns.bureauId }).from(schema.campaigns).where(eq(schema.campaigns.id, Number(entityId))).get()?.bureauId ?? null;
  }
  const region = scope.region ?? (bureauId ? regionOf(db, bureauId) : actor.region);
  db.insert(schema.auditLog)
    .values({ at: now(), actor: actor.username, action, entity, entityId: String(entityId), before: before ?? null, after: after ?? null, bureauId, region })
    .run();
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
export function readAudit(db: Db, actor: Actor, campaign: Campaign, limit: number) {
  requireStep(actor, 'audit.read', campaign.plugin);
  const a = schema.auditLog;
  const scope = bureauScope(db, actor.bureauId ?? campaign.bureauId);
  return db
    .select()
    .from(a)
    .where(and(inArray(a.bureauId, scope), eq(a.region, regionOf(db, campaign.bureauId))))
    .orderBy(desc(a.id))
    .limit(limit)
    .all();
}
