/**
 * Sessions for the console (an HttpOnly, SameSite=Strict cookie plus a CSRF token for every form)
 * and bearer tokens for API clients; both are rows of one table holding only the token's hash.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { schema, type Db } from '../core/db/index.ts';
import { sha256 } from '../core/hash.ts';
import { actorFor, now, type Actor } from '../core/services/actor.ts';

const HOURS = 8;

export interface Session {
  actor: Actor;
  csrfToken: string;
  displayName: string;
}

export function createSession(db: Db, userId: number): { token: string; csrfToken: string } {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + HOURS * 3600_000).toISOString();
  db.insert(schema.sessions).values({ tokenHash: sha256(token), userId, csrfToken, expiresAt, createdAt: now() }).run();
  return { token, csrfToken };
}

export function findSession(db: Db, token: string | undefined): Session | null {
  if (!token) return null;
  const row = db
    .select({ session: schema.sessions, user: schema.users })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(and(eq(schema.sessions.tokenHash, sha256(token)), gt(schema.sessions.expiresAt, now())))
    .get();
  if (!row) return null;
  return { actor: actorFor(db, row.user.username), csrfToken: row.session.csrfToken, displayName: row.user.displayName };
}

export function endSession(db: Db, token: string): void {
  db.delete(schema.sessions).where(eq(schema.sessions.tokenHash, sha256(token))).run();
}

/** Five failed logins lock a name from one address for a minute. */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(private readonly limit = 5, private readonly lockMs = 60_000) {}

  locked(key: string): boolean {
    const f = this.failures.get(key);
    return !!f && f.count >= this.limit && Date.now() < f.until;
  }

  fail(key: string): void {
    const f = this.failures.get(key);
    const count = f && Date.now() < f.until ? f.count + 1 : 1;
    this.failures.set(key, { count, until: Date.now() + this.lockMs });
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
