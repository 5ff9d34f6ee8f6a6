import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import type { Db } from './index.ts';
import { changes, constraintViolation, first, guardWrites, transaction } from './store.ts';

const notes = sqliteTable('notes', { id: integer('id').primaryKey(), text: text('text').notNull() });

function database(): Db {
  const client = new Database(':memory:');
  client.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  return drizzle(client, { logger: guardWrites(client) }) as unknown as Db;
}
const texts = async (db: Db) => (await db.select().from(notes).orderBy(notes.id)).map((n) => n.text);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('transaction on SQLite', () => {
  it('keeps what its work wrote, and first/changes read the results', async () => {
    const db = database();
    const changed = await transaction(db, async (tx) => {
      await tx.insert(notes).values([{ text: 'a' }, { text: 'b' }]);
      return changes(await tx.update(notes).set({ text: 'c' }).where(eq(notes.text, 'b')));
    });
    expect(changed).toBe(1);
    expect(await texts(db)).toEqual(['a', 'c']);
    expect((await first(db.select().from(notes).where(eq(notes.text, 'c'))))?.id).toBe(2);
    expect(await first(db.select().from(notes).where(eq(notes.text, 'x')))).toBeUndefined();
  });

  it('keeps nothing of a transaction that throws', async () => {
    const db = database();
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(notes).values({ text: 'lost' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await texts(db)).toEqual([]);
  });

  it('nests as a savepoint: a caught inner failure undoes only the inner work', async () => {
    const db = database();
    await transaction(db, async (tx) => {
      await tx.insert(notes).values({ text: 'outer' });
      await transaction(tx, async (inner) => {
        await inner.insert(notes).values({ text: 'inner' });
        throw new Error('inner refused');
      }).catch(() => undefined);
    });
    expect(await texts(db)).toEqual(['outer']);
  });

  it('lets transactions on one connection take turns, so one rollback loses no other write', async () => {
    const db = database();
    // the first yields to the event loop mid-way; without turns the second's insert would join it and be rolled back with it
    const failing = transaction(db, async (tx) => {
      await tx.insert(notes).values({ text: 'first' });
      await tick();
      throw new Error('first fails');
    });
    const second = transaction(db, async (tx) => {
      await tx.insert(notes).values({ text: 'second' });
    });
    await expect(failing).rejects.toThrow('first fails');
    await second;
    expect(await texts(db)).toEqual(['second']);
  });

  it('refuses a write outside a transaction, and allows reads', async () => {
    const db = database();
    await expect(async () => db.insert(notes).values({ text: 'loose' }).run()).rejects.toThrow(/outside transaction/);
    expect(await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM notes`)).toEqual({ n: 0 });
  });

  it('names the constraint an awaited write breaks, through drizzle’s wrapping, and nothing else', async () => {
    const db = database();
    const refused = await transaction(db, async (tx) => {
      await tx.insert(notes).values({ id: 1, text: 'a' });
      return tx
        .insert(notes)
        .values({ id: 1, text: 'b' })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
    });
    expect(constraintViolation(refused)?.message).toMatch(/UNIQUE constraint failed: notes\.id/);
    // a table missing is an error of another kind
    const other = await first(db.select().from(sqliteTable('nowhere', { id: integer('id') }))).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(other).toBeInstanceOf(Error);
    expect(constraintViolation(other)).toBeUndefined();
  });
});
