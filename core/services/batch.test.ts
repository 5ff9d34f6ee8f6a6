/** Rows written many to a statement: every row, the last part batch too, conflicts resolved per row. */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.ts';
import { rowWriter } from './batch.ts';

describe('rowWriter', () => {
  it('writes every row given, through statements of many rows and the rest one by one', () => {
    const db = openDatabase(':memory:');
    db.$client.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, n INTEGER)');
    const writer = rowWriter(db, 'INSERT INTO t (k, v, n)', 3, 'ON CONFLICT (k) DO UPDATE SET v = excluded.v, n = n + 1');
    for (let k = 0; k < 99; k++) writer.add([k, `v${k}`, 0]);
    // the hundredth row updates the first, within one statement
    writer.add([0, 'again', 0]);
    for (let k = 99; k < 250; k++) writer.add([k, `v${k}`, 0]);
    for (let k = 240; k < 260; k++) writer.add([k, `w${k}`, 0]);
    // two statements of a hundred rows so far; the rest waits for flush
    expect(db.$client.prepare('SELECT count(*) FROM t').pluck().get()).toBe(199);
    writer.flush();
    const rows = db.$client.prepare('SELECT k, v, n FROM t ORDER BY k').all() as { k: number; v: string; n: number }[];
    expect(rows).toHaveLength(260);
    expect(rows[0]).toEqual({ k: 0, v: 'again', n: 1 });
    expect(rows[239]).toEqual({ k: 239, v: 'v239', n: 0 });
    expect(rows.slice(240, 250).every((r) => r.v === `w${r.k}` && r.n === 1)).toBe(true);
    expect(rows[259]).toEqual({ k: 259, v: 'w259', n: 0 });
  });
});
