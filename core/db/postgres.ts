/**
 * The PostgreSQL storage: a node-postgres pool with the tables pgSchema.ts derives from the SQLite
 * schema, migrated on open from drizzle/pg/. `openPostgresStore` gives the services their database
 * over it (store.ts); the services are being made async to run on it (issue 14).
 */
import { join } from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { JianchaError } from '../errors.ts';
import { projectRoot } from '../projectRoot.ts';
import type { Db } from './index.ts';
import { type PgSchema, pgSchema } from './pgSchema.ts';
import * as schema from './schema/index.ts';

export type PgDb = NodePgDatabase<PgSchema> & { $client: pg.Pool };

/** The advisory lock key the migrations are applied under (any fixed number: 'jianch' in ASCII). */
const MIGRATION_LOCK = 0x6a69616e6368;

/**
 * json columns come back as their text: the services' tables are the SQLite schema's, whose JSON
 * columns parse the text themselves (and the audit chain hashes it as stored). Set on node-postgres'
 * shared parsers because drizzle passes its own per-query parsers, which fall back to those.
 */
const JSON_OID = 114;
pg.types.setTypeParser(JSON_OID, (value: string) => value);

async function migratedPool(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url });
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    await pool.end();
    throw new JianchaError('invalid-input', `无法连接 PostgreSQL：${(err as Error).message}`, `cannot connect to PostgreSQL: ${(err as Error).message}`);
  }
  try {
    // two processes opening one new database at once: the second waits, then finds every migration applied
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: join(projectRoot, 'drizzle/pg') });
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    client.release();
  } catch (err) {
    // the session and its lock end with the connection
    client.release(true);
    await pool.end();
    throw err;
  }
  return pool;
}

/** The PostgreSQL database with its derived tables (migrations, schema checks). */
export async function openPostgres(url: string): Promise<PgDb> {
  return drizzle(await migratedPool(url), { schema: pgSchema }) as PgDb;
}

/**
 * The PostgreSQL database as the services use it: drizzle's node-postgres driver over the SQLite
 * schema's tables, which it renders by name (the derived tables have the same names and columns).
 */
export async function openPostgresStore(url: string): Promise<Db> {
  const db = drizzle(await migratedPool(url), { schema }) as unknown as Db;
  Object.defineProperty(db, '$dialect', { value: 'postgres' });
  return db;
}
