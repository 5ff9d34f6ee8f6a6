/**
 * The database: better-sqlite3 in WAL mode with foreign keys, migrated on open from the committed
 * drizzle/ migrations. A file by default (./data/jiancha.db, or JIANCHA_DB); ':memory:' for tests.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectRoot } from '../registry.ts';
import * as schema from './schema/index.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export { schema };
/** A transaction, which services accept wherever they accept the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export function defaultDbPath(): string {
  return process.env.JIANCHA_DB ?? join(projectRoot, 'data', 'jiancha.db');
}

export function openDatabase(path = defaultDbPath()): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: join(projectRoot, 'drizzle') });
  return db;
}
