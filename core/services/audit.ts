/** Every state change writes one append-only audit record, in the same transaction as the change. */
import { schema, type DbOrTx } from '../db/index.ts';
import { now, type Actor } from './actor.ts';

export function audit(db: DbOrTx, actor: Actor, action: string, entity: string, entityId: string | number, before: unknown, after: unknown): void {
  db.insert(schema.auditLog)
    .values({ at: now(), actor: actor.username, action, entity, entityId: String(entityId), before: before ?? null, after: after ?? null })
    .run();
}
