/**
 * How services reach the database on either backend. Queries are drizzle builders over the tables of
 * schema/ and are awaited: the PostgreSQL driver runs the same builders (pgSchema.ts derives the same
 * tables for its migrations), so a service is written once. SQLite's synchronous .get()/.all()/.run()
 * are not used in services; `first` and `changes` stand in for what they gave.
 *
 * Every write runs inside `transaction`. On PostgreSQL that is an ordinary transaction on a pooled
 * connection. SQLite has one connection per process and an async transaction yields at each await, so
 * other requests could otherwise slip their writes into it (and lose them with its rollback):
 * transactions on one connection take turns, and a write outside one is refused (see guardWrites).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { DrizzleQueryError, type Logger } from 'drizzle-orm';
import type { Db } from './index.ts';

export type Dialect = 'sqlite' | 'postgres';

/** The backend a database (or a transaction on it) runs on; openDatabase and openStore mark it. */
export function dialectOf(db: Db): Dialect {
  return (db as { $dialect?: Dialect }).$dialect ?? 'sqlite';
}

/** The first row a query gives, or undefined: what SQLite's .get() gave. */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0];
}

/** How many rows a write changed, from either driver's result (better-sqlite3's changes, node-postgres' rowCount). */
export function changes(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/**
 * The driver's error when `err` is a constraint the database refused (SQLite's SQLITE_CONSTRAINT_*,
 * PostgreSQL's class 23), else undefined. Awaited queries come wrapped in drizzle's DrizzleQueryError,
 * which names the query, not the constraint.
 */
export function constraintViolation(err: unknown): Error | undefined {
  const driver = err instanceof DrizzleQueryError && err.cause instanceof Error ? err.cause : err;
  const code = String((driver as { code?: unknown }).code);
  return code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code) ? (driver as Error) : undefined;
}

/** The SQLite connection a transaction of this async context holds, with how deep its savepoints go. */
type Held = { client: Database.Database; depth: number };
const held = new AsyncLocalStorage<Held>();
/** Per SQLite connection: the end of the queue of transactions waiting their turn. */
const turns = new WeakMap<Database.Database, Promise<void>>();

/**
 * Runs `work` in one transaction and returns what it returns; if it throws, nothing it wrote stays.
 * Called inside a transaction, it nests as a savepoint (an inner failure undoes only the inner work
 * when the caller catches it).
 */
export async function transaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') {
    // drizzle's node-postgres transaction nests as a savepoint when `db` is itself a transaction
    return (db as unknown as { transaction(fn: (tx: Db) => Promise<T>): Promise<T> }).transaction((tx) => {
      (tx as { $dialect?: Dialect }).$dialect = 'postgres';
      return work(tx);
    });
  }
  const client = db.$client;
  const mine = held.getStore();
  if (mine?.client === client) return savepoint(db, mine, work);
  const before = turns.get(client) ?? Promise.resolve();
  let done!: () => void;
  const after = new Promise<void>((resolve) => {
    done = resolve;
  });
  turns.set(client, after);
  await before;
  try {
    client.exec('BEGIN IMMEDIATE');
    try {
      const result = await held.run({ client, depth: 0 }, () => work(db));
      client.exec('COMMIT');
      return result;
    } catch (err) {
      if (client.inTransaction) client.exec('ROLLBACK');
      throw err;
    }
  } finally {
    if (turns.get(client) === after) turns.delete(client);
    done();
  }
}

async function savepoint<T>(db: Db, outer: Held, work: (tx: Db) => Promise<T>): Promise<T> {
  const name = `sp${outer.depth + 1}`;
  outer.client.exec(`SAVEPOINT ${name}`);
  try {
    const result = await held.run({ client: outer.client, depth: outer.depth + 1 }, () => work(db));
    outer.client.exec(`RELEASE ${name}`);
    return result;
  } catch (err) {
    outer.client.exec(`ROLLBACK TO ${name}`);
    outer.client.exec(`RELEASE ${name}`);
    throw err;
  }
}

/** Whether the code running now is inside a transaction on this SQLite connection. */
export function inTransaction(client: Database.Database): boolean {
  return held.getStore()?.client === client;
}

const WRITE = /^\s*(insert|update|delete|replace)\b/i;

/**
 * drizzle's logger sees each statement before SQLite runs it: a write from outside `transaction`
 * is refused, because while another request's transaction is open it would join that transaction
 * and vanish with its rollback. (Statements prepared on $client directly are the bulk steps', which
 * run inside `transaction` by construction.)
 */
export function guardWrites(client: Database.Database): Logger {
  return {
    logQuery(query) {
      if (WRITE.test(query) && !inTransaction(client))
        throw new Error(`a write outside transaction(): wrap it in transaction(db, async (tx) => …) (${query.slice(0, 60)}…)`);
    },
  };
}
