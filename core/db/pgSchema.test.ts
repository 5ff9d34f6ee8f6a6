/** The PostgreSQL tables derived from SQLite ones: what each part becomes, and a part with no mapping yet said at once. */
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { blob, index, integer, primaryKey, real, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { derivePgTables } from './pgSchema.ts';

const parents = sqliteTable('parents', { id: integer('id').primaryKey({ autoIncrement: true }), code: text('code').notNull().unique() });
const children = sqliteTable(
  'children',
  {
    parentId: integer('parent_id')
      .notNull()
      .references(() => parents.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: ['a', 'b'] })
      .notNull()
      .default('a'),
    done: integer('done', { mode: 'boolean' }).notNull().default(false),
    facts: text('facts', { mode: 'json' }).notNull().default({}),
    bytes: blob('bytes', { mode: 'buffer' }),
  },
  (t) => [primaryKey({ columns: [t.parentId, t.seq] }), index('children_kind').on(t.kind, t.done), unique('children_seq_kind').on(t.seq, t.kind)],
);

describe('derivePgTables', () => {
  it('keeps names, types by what they hold, not-null, defaults, keys, indexes, unique constraints and foreign keys with their actions', () => {
    const derived = derivePgTables([parents, children]);
    const p = getTableConfig(derived.get(parents)!);
    const c = getTableConfig(derived.get(children)!);
    expect(p.columns.map((col) => [col.name, col.getSQLType(), col.primary, col.isUnique])).toEqual([
      ['id', 'integer', true, false],
      ['code', 'text', false, true],
    ]);
    expect((p.columns[0] as unknown as { generatedIdentity?: { type: string } }).generatedIdentity?.type).toBe('byDefault');
    expect(c.columns.map((col) => [col.name, col.getSQLType(), col.notNull, col.default])).toEqual([
      ['parent_id', 'integer', true, undefined],
      ['seq', 'integer', true, undefined],
      ['kind', 'text', true, 'a'],
      ['done', 'boolean', true, false],
      ['facts', 'json', true, {}],
      ['bytes', 'bytea', false, undefined],
    ]);
    expect(c.primaryKeys.map((k) => k.columns.map((col) => col.name))).toEqual([['parent_id', 'seq']]);
    expect(c.indexes.map((i) => [i.config.name, i.config.unique, i.config.columns.map((col) => (col as { name: string }).name)])).toEqual([
      ['children_kind', false, ['kind', 'done']],
    ]);
    expect(c.uniqueConstraints.map((u) => [u.name, u.columns.map((col) => col.name)])).toEqual([['children_seq_kind', ['seq', 'kind']]]);
    const [fk] = c.foreignKeys;
    const ref = fk.reference();
    expect([ref.columns.map((col) => col.name), getTableConfig(ref.foreignTable).name, ref.foreignColumns.map((col) => col.name), fk.onDelete]).toEqual([
      ['parent_id'],
      'parents',
      ['id'],
      'cascade',
    ]);
  });

  it('says which table and column has no PostgreSQL mapping yet, when the schema is loaded', () => {
    const measured = sqliteTable('measured', { ratio: real('ratio') });
    expect(() => derivePgTables([measured])).toThrow('measured: column ratio of type SQLiteReal has no PostgreSQL counterpart derived yet');
    const stamped = sqliteTable('stamped', { at: text('at').default(sql`CURRENT_TIMESTAMP`) });
    expect(() => derivePgTables([stamped])).toThrow('stamped: the SQL default of at');
  });

  it('says so for a foreign key to a table it was not given', () => {
    const derived = derivePgTables([children]);
    expect(() => getTableConfig(derived.get(children)!)).toThrow('children: the foreign key to parents, a table outside the schema');
  });
});
