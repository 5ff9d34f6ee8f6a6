/**
 * Sessions for the console (an HttpOnly, SameSite=Strict cookie plus a CSRF token for every form)
 * and bearer tokens for API clients; both are rows of one table holding only the token's hash.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { schema, type Db } from '../core/db/index.ts';
import { sha256 } from '../core/hash.ts';
import { actorOfUser, now, type Actor } from '../core/services/actor.ts';

const HOURS = 8;

export interface Session {
  actor: Actor;
  csrfToken: string;
  displayName: string;
  /** a one-time password: nothing but changing it is allowed until it is changed */
  passwordChangeRequired: boolean;
}

export function createSession(db: Db, userId: number): { token: string; csrfToken: string } {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + HOURS * 3600_000).toISOString();
  db.insert(schema.sessions)
    .values({ tokenHash: sha256(token), userId, csrfToken, expiresAt, createdAt: now() })
    .run();
  return { token, csrfToken };
}

/** the session's row with its user's, by token hash, unexpired, of an enabled user: prepared once per database, every request asks */
function sessionQuery(db: Db) {
  return db
    .select({ session: schema.sessions, user: schema.users })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(and(eq(schema.sessions.tokenHash, sql.placeholder('hash')), gt(schema.sessions.expiresAt, sql.placeholder('now')), isNull(schema.users.disabledAt)))
    .prepare();
}
const sessionQueries = new WeakMap<Db['$client'], ReturnType<typeof sessionQuery>>();

export function findSession(db: Db, token: string | undefined): Session | null {
  if (!token) return null;
  let query = sessionQueries.get(db.$client);
  if (!query) sessionQueries.set(db.$client, (query = sessionQuery(db)));
  const row = query.get({ hash: sha256(token), now: now() });
  if (!row) return null;
  return {
    actor: actorOfUser(row.user),
    csrfToken: row.session.csrfToken,
    displayName: row.user.displayName,
    passwordChangeRequired: row.user.passwordChangeRequired,
  };
}

export function endSession(db: Db, token: string): void {
  db.delete(schema.sessions)
    .where(eq(schema.sessions.tokenHash, sha256(token)))
    .run();
}

/**
 * Failed logins, counted per (account, address) and per address. Past the limit each further
 * failure doubles the wait (from lockMs, at most maxLockMs). A stranger hammering an account from
 * their address locks only themselves: the owner logs in from theirs. An address that tries many
 * accounts is slowed as a whole. Unknown usernames count like known ones, so nothing tells them apart.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; until: number; last: number }>();

  constructor(
    private readonly limit = 5,
    private readonly lockMs = 60_000,
    private readonly addressLimit = 50,
    private readonly maxLockMs = 30 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  private keys(username: string, address: string): [string, number][] {
    return [
      [`${username}\u0000${address}`, this.limit],
      [`\u0000${address}`, this.addressLimit],
    ];
  }

  /** Milliseconds until this account may be tried again from this address; 0 when it may now. */
  retryAfter(username: string, address: string): number {
    const t = this.clock();
    return Math.max(0, ...this.keys(username, address).map(([key]) => (this.failures.get(key)?.until ?? 0) - t));
  }

  fail(username: string, address: string): void {
    const t = this.clock();
    for (const [key, limit] of this.keys(username, address)) {
      const f = this.failures.get(key);
      // a quiet spell as long as the longest wait forgives the past failures
      const count = f && t - f.last < this.maxLockMs ? f.count + 1 : 1;
      const wait = count < limit ? 0 : Math.min(this.maxLockMs, this.lockMs * 2 ** (count - limit));
      this.failures.set(key, { count, until: t + wait, last: t });
    }
    if (this.failures.size > 100_000) for (const [key, f] of this.failures) if (t - f.last >= this.maxLockMs) this.failures.delete(key);
  }

  /** The right password clears this account's count from this address; the address's stays. */
  succeed(username: string, address: string): void {
    this.failures.delete(this.keys(username, address)[0][0]);
  }
}
