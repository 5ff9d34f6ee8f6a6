/**
 * The database: better-sqlite3 in WAL mode with foreign keys, migrated on open from the committed
 * drizzle/ migrations. A file by default (./data/jiancha.db, or JIANCHA_DB); ':memory:' for tests.
 * A PostgreSQL URL is refused here until the services run on it (the storage layer opens it:
 * postgres.ts).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { JianchaError } from '../errors.ts';
import { projectRoot } from '../registry.ts';
import { dbLocation, defaultDbLocation } from './location.ts';
import * as schema from './schema/index.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export { schema };
/** A transaction, which services accept wherever they accept the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * The database at `location` on its backend: a SQLite file (as openDatabase) or a PostgreSQL URL,
 * both migrated, both used by the services through store.ts.
 */
export async function openStore(location = defaultDbLocation()): Promise<Db> {
  const where = dbLocation(location);
  if (where.dialect === 'sqlite') return openDatabase(location);
  const { openPostgresStore } = await import('./postgres.ts');
  return openPostgresStore(where.url);
}

/** The SQLite database at `location` (JIANCHA_DB or the default file when none is given). */
export function openDatabase(location = defaultDbLocation()): Db {
  const where = dbLocation(location);
  if (where.dialect === 'postgres')
    throw new JianchaError(
      'invalid-input',
      'PostgreSQL 存储尚不能供各项服务使用，请用 SQLite 数据库文件',
      'PostgreSQL storage is not yet available for the services: use a SQLite database file',
    );
  const { path } = where;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  Object.defineProperty(db, '$dialect', { value: 'sqlite' });
  migrate(db, { migrationsFolder: join(projectRoot, 'drizzle') });
  return db;
}
