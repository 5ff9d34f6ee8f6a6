/**
 * Who acts: every service takes an Actor, so the CLI and the HTTP API enforce the same scope. A
 * bureau acts only on its own jurisdiction; the system administrator (no bureau) on all.
 */
import { eq } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';

export type Role = 'administrator' | 'head' | 'clerk' | 'employer';

export interface Actor {
  userId: number;
  username: string;
  role: Role;
  /** null: the system administrator, who acts for every bureau */
  bureauId: string | null;
  /** the region (plugin id) the account acts in; null: the system administrator */
  region: string | null;
  creditCode?: string | null;
}

export const now = () => new Date().toISOString();

/** The built-in administrator the CLI acts as on a fresh database. */
export function localAdministrator(db: Db): Promise<Actor> {
  return actorFor(db, 'admin', () => ({ username: 'admin', displayName: '系统管理员', role: 'administrator', bureauId: null, createdAt: now() }));
}

export async function actorFor(db: Db, username: string, create?: () => typeof schema.users.$inferInsert): Promise<Actor> {
  const named = (d: Db) => first(d.select().from(schema.users).where(eq(schema.users.username, username)));
  let user = await named(db);
  // looked up again where it is made: two processes starting on a fresh database make it once
  if (!user && create) user = await transaction(db, async (tx) => (await named(tx)) ?? first(tx.insert(schema.users).values(create()).returning()));
  if (!user) throw new JianchaError('not-found', `没有用户 ${username}`, `no user ${username}`);
  return actorOfUser(user);
}

/** The actor a user's row makes. */
export function actorOfUser(user: typeof schema.users.$inferSelect): Actor {
  return { userId: user.id, username: user.username, role: user.role as Role, bureauId: user.bureauId, region: user.region, creditCode: user.creditCode };
}

/** Refuse an actor outside the bureau whose data this is. */
export function requireBureau(actor: Actor, bureauId: string | null): void {
  if (actor.role === 'employer' || (actor.bureauId !== null && actor.bureauId !== bureauId)) {
    throw new JianchaError('forbidden', `无权处理 ${bureauId ?? '其他'} 辖区的数据`, `not allowed to act for bureau ${bureauId ?? 'other'}`);
  }
}
