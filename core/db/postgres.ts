/**
 * The PostgreSQL storage: a node-postgres pool with the tables pgSchema.ts derives from the SQLite
 * schema, migrated on open from drizzle/pg/. The services do not run on it yet (issue 14): index.ts
 * refuses a PostgreSQL URL for them.
 */
import { join } from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { JianchaError } from '../errors.ts';
import { projectRoot } from '../projectRoot.ts';
import { type PgSchema, pgSchema } from './pgSchema.ts';

export type PgDb = NodePgDatabase<PgSchema> & { $client: pg.Pool };

/** The advisory lock key the migrations are applied under (any fixed number: 'jianch' in ASCII). */
const MIGRATION_LOCK = 0x6a69616e6368;

export async function openPostgres(url: string): Promise<PgDb> {
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
  return drizzle(pool, { schema: pgSchema }) as PgDb;
}
