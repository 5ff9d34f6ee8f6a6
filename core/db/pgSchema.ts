/**
 * The PostgreSQL tables, derived from the SQLite schema (schema/*.ts) rather than kept by hand beside
 * it: each table's columns, types, not-null, defaults, primary keys, unique constraints, indexes and
 * foreign keys are read with getTableConfig and built again with pg-core. A table or column added to
 * the SQLite schema is here at once; drizzle.pg.config.ts generates PostgreSQL's migrations from it.
 *
 * Types: integers stay integer (int4, which node-postgres reads as a number; int8 would come back as
 * a string), integer booleans become boolean, text stays text (dates too, as the services compare
 * them as text), JSON text becomes `json` (kept as written: the audit chain hashes the stored text,
 * and key order is what the services wrote, which jsonb would both rewrite), blobs bytea.
 */
import { type Column, type ColumnDataType, getTableColumns, is, SQL } from 'drizzle-orm';
import {
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  json,
  type PgColumn,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from './schema/index.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** A SQLite column's PostgreSQL counterpart, with the same TypeScript types for what it holds. */
type PgColumnOf<C extends Column, TTableName extends string> = PgColumn<{
  name: C['_']['name'];
  tableName: TTableName;
  dataType: C['_']['dataType'] & ColumnDataType;
  columnType: string;
  data: C['_']['data'];
  driverParam: unknown;
  notNull: C['_']['notNull'];
  hasDefault: C['_']['hasDefault'];
  isPrimaryKey: C['_']['isPrimaryKey'];
  isAutoincrement: C['_']['isAutoincrement'];
  hasRuntimeDefault: C['_']['hasRuntimeDefault'];
  enumValues: C['_']['enumValues'];
  baseColumn: never;
  identity: undefined;
  generated: undefined;
}>;

export type PgTableOf<T extends SQLiteTable> = PgTableWithColumns<{
  name: T['_']['name'];
  schema: undefined;
  dialect: 'pg';
  columns: { [K in keyof T['_']['columns']]: PgColumnOf<T['_']['columns'][K], T['_']['name']> };
}>;

type SqliteTables = { [K in keyof typeof sqliteSchema as (typeof sqliteSchema)[K] extends SQLiteTable ? K : never]: (typeof sqliteSchema)[K] };
export type PgSchema = { [K in keyof SqliteTables]: SqliteTables[K] extends SQLiteTable ? PgTableOf<SqliteTables[K]> : never };

/** Why a SQLite schema feature has no PostgreSQL form here: said when the schema is loaded, so a new feature cannot be missed. */
function unsupported(table: string, what: string): never {
  throw new Error(`core/db/pgSchema.ts: ${table}: ${what} has no PostgreSQL counterpart derived yet; add its mapping here`);
}

function pgColumn(table: string, column: Column): PgColumnBuilderBase {
  const name = column.name;
  let built: any;
  switch (column.columnType) {
    case 'SQLiteInteger':
      built = integer(name);
      if ((column as { autoIncrement?: boolean }).autoIncrement) built = built.generatedByDefaultAsIdentity();
      break;
    case 'SQLiteBoolean':
      built = boolean(name);
      break;
    case 'SQLiteText':
      built = text(name, { enum: column.enumValues as [string, ...string[]] | undefined });
      break;
    case 'SQLiteTextJson':
      built = json(name);
      break;
    case 'SQLiteBlobBuffer':
      built = bytea(name);
      break;
    default:
      unsupported(table, `column ${name} of type ${column.columnType}`);
  }
  if (column.primary) built = built.primaryKey();
  else if (column.notNull) built = built.notNull();
  if (column.isUnique) built = built.unique(column.uniqueName);
  if (column.default !== undefined) {
    if (is(column.default, SQL)) unsupported(table, `the SQL default of ${name}`);
    built = built.default(column.default);
  }
  if (column.defaultFn) built = built.$defaultFn(column.defaultFn);
  if (column.onUpdateFn) built = built.$onUpdateFn(column.onUpdateFn);
  if (column.generated) unsupported(table, `the generated column ${name}`);
  return built;
}

/** The key a column has on its table object (tables are reached by key, the SQL has the name). */
function keyOf(table: SQLiteTable, column: Column): string {
  return Object.entries(getTableColumns(table)).find(([, c]) => c.name === column.name)![0];
}

/** Each table's PostgreSQL counterpart; foreign keys may name only tables among `tables`. */
export function derivePgTables(tables: SQLiteTable[]): Map<SQLiteTable, PgTableWithColumns<any>> {
  const derived = new Map<SQLiteTable, PgTableWithColumns<any>>();
  for (const table of tables) {
    const config = getTableConfig(table);
    if (config.checks.length) unsupported(config.name, 'a check constraint');
    const columns = Object.fromEntries(Object.entries(getTableColumns(table)).map(([key, c]) => [key, pgColumn(config.name, c)]));
    // the extra config is read when drizzle reads the table (getTableConfig, drizzle-kit): by then every table is derived
    const pg = pgTable(config.name, columns, (self: Record<string, any>) => {
      const own = (cs: Column[]) => cs.map((c) => self[keyOf(table, c)]) as [any, ...any[]];
      return [
        ...config.primaryKeys.map((pk) => primaryKey({ columns: own(pk.columns) })),
        ...config.uniqueConstraints.map((u) => unique(u.name).on(...own(u.columns))),
        ...config.indexes.map(({ config: i }) => {
          if (i.where) unsupported(config.name, `the partial index ${i.name}`);
          return (i.unique ? uniqueIndex(i.name) : index(i.name)).on(...own(i.columns as Column[]));
        }),
        ...config.foreignKeys.map((fk) => {
          const ref = fk.reference();
          const target = derived.get(ref.foreignTable);
          if (!target) unsupported(config.name, `the foreign key to ${getTableConfig(ref.foreignTable).name}, a table outside the schema`);
          const foreignColumns = ref.foreignColumns.map((c) => target[keyOf(ref.foreignTable, c)]) as [any, ...any[]];
          const made = foreignKey({ columns: own(ref.columns), foreignColumns });
          if (fk.onDelete) made.onDelete(fk.onDelete);
          if (fk.onUpdate) made.onUpdate(fk.onUpdate);
          return made;
        }),
      ];
    });
    derived.set(table, pg);
  }
  return derived;
}

const sqliteTables = (Object.entries(sqliteSchema) as [string, unknown][]).filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable));
const derived = derivePgTables(sqliteTables.map(([, t]) => t));

/** The PostgreSQL tables by the same names as the SQLite schema's (schema.employers → pgSchema.employers). */
export const pgSchema = Object.fromEntries(sqliteTables.map(([key, t]) => [key, derived.get(t)])) as unknown as PgSchema;
