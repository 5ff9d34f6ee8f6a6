/**
 * PostgreSQL's migrations (drizzle/pg/) build what SQLite's (drizzle/) build: the same tables,
 * columns, not-null, defaults, primary keys, indexes, foreign keys, and SQLite's triggers by name.
 * Both databases are migrated for real and read back from their catalogues, so a SQLite migration
 * not mirrored for PostgreSQL (npm run db:generate makes both) fails here.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../test/fixtures/postgres.ts';
import { projectRoot } from '../projectRoot.ts';
import { openPostgres, type PgDb } from './postgres.ts';

interface Shape {
  /** table → column → "type not-null default?" */
  columns: Record<string, Record<string, string>>;
  primaryKeys: Record<string, string[]>;
  /** index name (or for a unique constraint its columns) → "unique? table(columns)" */
  indexes: Record<string, string>;
  foreignKeys: string[];
  triggers: string[];
}

/** SQLite's declared type → the PostgreSQL types its values are kept in (integer booleans, JSON text). */
const COUNTERPARTS: Record<string, string[]> = { integer: ['integer', 'boolean'], text: ['text', 'json'], blob: ['bytea'] };

/**
 * Defaults SQLite's hand-written migrations gave a new NOT NULL column only to fill the rows an
 * older database already had (the schema has none, the services always write one); a new
 * PostgreSQL database has no such rows.
 */
const BACKFILL_DEFAULTS = [
  'employers.region', // drizzle/0008_regions.sql
  'campaigns.lifecycle', // drizzle/0010_campaign_lifecycle.sql
];

const sqlite = new Database(':memory:');
migrate(drizzle(sqlite), { migrationsFolder: join(projectRoot, 'drizzle') });
let pg: PgDb;
let drop: () => Promise<void>;

function sqliteShape(): Shape {
  const all = <T>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params) as T[];
  const tables = all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'",
  ).map((t) => t.name);
  const shape: Shape = { columns: {}, primaryKeys: {}, indexes: {}, foreignKeys: [], triggers: [] };
  for (const table of tables) {
    const info = all<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>('SELECT * FROM pragma_table_info(?)', table);
    shape.columns[table] = Object.fromEntries(
      info.map((c) => [c.name, `${c.type.toLowerCase()} ${c.notnull || c.pk ? 'not null' : 'null'}${c.dflt_value === null ? '' : ' default'}`]),
    );
    shape.primaryKeys[table] = info
      .filter((c) => c.pk)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    for (const i of all<{ name: string; unique: number; origin: string }>('SELECT * FROM pragma_index_list(?)', table).filter((i) => i.origin !== 'pk')) {
      const columns = all<{ name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', i.name).map((c) => c.name);
      shape.indexes[i.origin === 'u' ? `${table}(${columns})` : i.name] = `${i.unique ? 'unique ' : ''}${table}(${columns})`;
    }
    for (const fk of all<{ from: string; table: string; to: string }>('SELECT * FROM pragma_foreign_key_list(?)', table))
      shape.foreignKeys.push(`${table}.${fk.from} → ${fk.table}.${fk.to}`);
  }
  shape.triggers = all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'").map((t) => t.name);
  return shape;
}

async function pgShape(): Promise<Shape> {
  const rows = async <T>(sql: string) => (await pg.$client.query(sql)).rows as T[];
  const shape: Shape = { columns: {}, primaryKeys: {}, indexes: {}, foreignKeys: [], triggers: [] };
  const columns = await rows<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
    "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
  );
  for (const c of columns)
    (shape.columns[c.table_name] ??= {})[c.column_name] =
      `${c.data_type} ${c.is_nullable === 'NO' ? 'not null' : 'null'}${c.column_default === null ? '' : ' default'}`;
  // each index's columns in their order, whether unique, and whether it is the primary key's
  const indexes = await rows<{ name: string; table: string; columns: string[]; unique: boolean; primary: boolean }>(`
    SELECT ic.relname AS name, t.relname AS table, i.indisunique AS unique, i.indisprimary AS primary,
      array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relnamespace = 'public'::regnamespace`);
  for (const i of indexes) {
    if (i.primary) shape.primaryKeys[i.table] = i.columns;
    else shape.indexes[i.name] = `${i.unique ? 'unique ' : ''}${i.table}(${i.columns})`;
  }
  const fks = await rows<{ table: string; from: string; to_table: string; to: string }>(`
    SELECT c.conrelid::regclass::text AS table, a.attname AS from, c.confrelid::regclass::text AS to_table, af.attname AS to
    FROM pg_constraint c CROSS JOIN unnest(c.conkey, c.confkey) AS k(col, fcol)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = k.fcol
    WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
  shape.foreignKeys = fks.map((fk) => `${fk.table}.${fk.from} → ${fk.to_table}.${fk.to}`);
  shape.triggers = (
    await rows<{ tgname: string }>("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE 'drizzle.%'")
  ).map((t) => t.tgname);
  return shape;
}

let lite: Shape;
let post: Shape;
beforeAll(async () => {
  const database = await freshPostgresDatabase();
  drop = database.drop;
  pg = await openPostgres(database.url);
  lite = sqliteShape();
  post = await pgShape();
});
afterAll(async () => {
  await pg?.$client.end();
  await drop?.();
});

/** What to do when a check below fails after a schema change. */
const HINT = 'drizzle/pg/ does not build what drizzle/ builds: npm run db:generate writes the PostgreSQL migration from the schema';

describe('the PostgreSQL migrations against the SQLite ones', () => {
  it('make the same tables with the same columns, each of a counterpart type, nullable and defaulted alike', () => {
    expect(Object.keys(post.columns).sort(), HINT).toEqual(Object.keys(lite.columns).sort());
    expect(Object.keys(lite.columns)).toContain('audit_log');
    for (const [table, columns] of Object.entries(lite.columns)) {
      expect(Object.keys(post.columns[table]).sort(), `${table}: ${HINT}`).toEqual(Object.keys(columns).sort());
      for (const [column, described] of Object.entries(columns)) {
        const [type, ...rest] = (BACKFILL_DEFAULTS.includes(`${table}.${column}`) ? described.replace(/ default$/, '') : described).split(' ');
        const [pgType, ...pgRest] = post.columns[table][column].split(' ');
        expect(COUNTERPARTS[type], `${table}.${column}: ${type}`).toContain(pgType);
        expect(pgRest.join(' '), `${table}.${column}: ${HINT}`).toBe(rest.join(' '));
      }
    }
  });

  it('make the same primary keys, indexes and foreign keys', () => {
    expect(post.primaryKeys, HINT).toEqual(lite.primaryKeys);
    expect(post.indexes, HINT).toEqual(lite.indexes);
    expect(lite.foreignKeys.length).toBeGreaterThan(40);
    expect([...post.foreignKeys].sort(), HINT).toEqual([...lite.foreignKeys].sort());
  });

  it('make each of SQLite’s triggers under its name (the audit log’s append-only guards)', () => {
    expect(lite.triggers).toContain('audit_log_no_update');
    expect(post.triggers).toEqual(expect.arrayContaining(lite.triggers));
  });
});
