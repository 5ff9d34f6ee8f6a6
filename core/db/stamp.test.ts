import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import type { Db } from './index.ts';
import { StampedCache } from './stamp.ts';
import { transaction } from './store.ts';

const notes = sqliteTable('notes', { id: integer('id').primaryKey(), text: text('text').notNull() });

describe('a stamped cache', () => {
  it('remembers nothing made inside a transaction, which may be rolled back without moving the stamp', async () => {
    const client = new Database(':memory:');
    client.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    const db = drizzle(client) as unknown as Db;
    const cache = new StampedCache<string[]>(10);
    const texts = () => cache.get(db, 'notes', () => client.prepare<[], string>('SELECT text FROM notes').pluck().all());
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(notes).values({ text: 'lost' });
        expect(texts()).toEqual(['lost']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(texts()).toEqual([]);
    await transaction(db, async (tx) => {
      await tx.insert(notes).values({ text: 'kept' });
    });
    expect(texts()).toEqual(['kept']);
  });
});
