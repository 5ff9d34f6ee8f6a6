/**
 * The storage on both backends, through drizzle: a SQLite file and a real PostgreSQL database are
 * opened with every migration applied, rows written are read back as written (JSON facts in their
 * key order, booleans, bytes), the audit log refuses a change, and opening again changes nothing.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../test/fixtures/postgres.ts';
import { projectRoot } from '../projectRoot.ts';
import { openDatabase, openStore, schema } from './index.ts';
import { openPostgres } from './postgres.ts';
import { changes, dialectOf, first, transaction } from './store.ts';

/** One opened handle on a backend: drizzle over its tables, the count of migrations applied, raw SQL, closing. */
interface Handle {
  db: any;
  tables: typeof schema;
  applied(): Promise<number>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

const journalLength = (folder: string) => JSON.parse(readFileSync(join(projectRoot, folder, 'meta/_journal.json'), 'utf8')).entries.length;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const backends: { name: string; migrations: number; location: () => Promise<() => Promise<Handle>> }[] = [
  {
    name: 'a SQLite file',
    migrations: journalLength('drizzle'),
    location: async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'jiancha-storage-')), 'j.db');
      return async () => {
        const db = openDatabase(file);
        return {
          db,
          tables: schema,
          applied: async () => (db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n,
          exec: async (sql) => db.$client.exec(sql),
          close: async () => {
            db.$client.close();
          },
        };
      };
    },
  },
  {
    name: 'PostgreSQL',
    migrations: journalLength('drizzle/pg'),
    location: async () => {
      const { url, drop } = await freshPostgresDatabase();
      cleanups.push(drop);
      return async () => {
        const db = await openPostgres(url);
        return {
          db,
          // the derived tables have the SQLite tables' keys and TypeScript types (pgSchema.ts)
          tables: db._.fullSchema as unknown as typeof schema,
          applied: async () => (await db.$client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0].n,
          exec: (sql) => db.$client.query(sql),
          close: () => db.$client.end(),
        };
      };
    },
  },
];

const AT = '2025-03-03T09:00:00.000Z';

describe.each(backends)('storage on $name', ({ migrations, location }) => {
  it('opens a new database twice at once with every migration applied once, and again later with nothing to apply', async () => {
    const open = await location();
    const [first, second] = await Promise.all([open(), open()]);
    expect(await first.applied()).toBe(migrations);
    expect(await second.applied()).toBe(migrations);
    await first.db.insert(first.tables.bureaus).values({ id: 'example-district', plugin: 'example-region', name: '示例区人社局' });
    await Promise.all([first.close(), second.close()]);
    const again = await open();
    expect(await again.applied()).toBe(migrations);
    expect(await again.db.select({ name: again.tables.bureaus.name }).from(again.tables.bureaus)).toEqual([{ name: '示例区人社局' }]);
    await again.close();
  });

  it('reads back a bureau, employers with their JSON facts, an upload’s bytes and an audit entry as written', async () => {
    const handle = await (await location())();
    const { db, tables: t } = handle;
    await db.insert(t.bureaus).values({ id: 'example-district', plugin: 'example-region', name: '示例区人社局', divisions: ['500101', '500102'], parks: null });
    expect(await db.select().from(t.bureaus)).toEqual([
      { id: 'example-district', plugin: 'example-region', name: '示例区人社局', parentId: null, level: null, divisions: ['500101', '500102'], parks: null },
    ]);

    const facts = { 评分: 5, inspected: true, writtenReview: { overdue: false, overdueExcused: null }, aliases: ['甲', 'b'] };
    const employer = (creditCode: string) => ({
      region: 'example-region',
      creditCode,
      name: `示例单位${creditCode.slice(-1)}`,
      unitType: 'enterprise',
      divisionCode: '500101',
      workDivisionCodes: ['500101'],
      headcount: 120,
      usesDispatch: false,
      operating: true,
      gradeHistory: [{ year: 2024, grade: 'B' }],
      updatedAt: AT,
    });
    const ids = await db
      .insert(t.employers)
      .values([{ ...employer('91500000000000001A'), facts }, employer('91500000000000002B')])
      .returning({ id: t.employers.id });
    expect(ids).toEqual([{ id: 1 }, { id: 2 }]);
    const [withFacts, withoutFacts] = await db.select().from(t.employers).orderBy(asc(t.employers.id));
    expect(withFacts).toMatchObject({
      creditCode: '91500000000000001A',
      usesDispatch: false,
      operating: true,
      gradeHistory: [{ year: 2024, grade: 'B' }],
      facts,
    });
    // the keys in the order written, as SQLite's JSON text keeps them (jsonb would sort them)
    expect(Object.keys(withFacts.facts)).toEqual(['评分', 'inspected', 'writtenReview', 'aliases']);
    // the column's default where none is given
    expect(withoutFacts.facts).toEqual({});

    const [user] = await db
      .insert(t.users)
      .values({ username: 'clerk1', displayName: '经办人', role: 'clerk', bureauId: 'example-district', createdAt: AT })
      .returning();
    expect(user).toMatchObject({ id: 1, passwordChangeRequired: false, disabledAt: null });
    const [campaign] = await db
      .insert(t.campaigns)
      .values({
        plugin: 'example-region',
        year: 2025,
        bureauId: 'example-district',
        settings: {},
        lifecycle: {},
        templateOverrides: {},
        status: 'created',
        createdAt: AT,
      })
      .returning({ id: t.campaigns.id });
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0a]);
    await db.insert(t.uploads).values({
      campaignId: campaign.id,
      employerId: 1,
      document: 'contracts',
      fileName: '劳动合同.pdf',
      type: 'application/pdf',
      size: bytes.length,
      sha256: 'x',
      data: bytes,
      uploadedBy: user.id,
      uploadedAt: AT,
    });
    const [upload] = await db.select({ data: t.uploads.data }).from(t.uploads);
    expect(Buffer.isBuffer(upload.data)).toBe(true);
    expect(upload.data.equals(bytes)).toBe(true);

    const before = { status: 'assigned', findings: [] };
    const after = { status: 'recorded', findings: [{ item: '工资支付', severity: 'minor' }] };
    await db
      .insert(t.auditLog)
      .values({ at: AT, actor: 'clerk1', action: 'review.record', entity: 'review', entityId: '1', before, after, bureauId: 'example-district' });
    expect(await db.select().from(t.auditLog)).toEqual([
      {
        id: 1,
        at: AT,
        actor: 'clerk1',
        action: 'review.record',
        entity: 'review',
        entityId: '1',
        before,
        after,
        bureauId: 'example-district',
        region: null,
        prevHash: null,
        hash: null,
      },
    ]);
    // append-only in the database itself, on both
    await expect(handle.exec("UPDATE audit_log SET actor = 'someone'")).rejects.toThrow(/append-only/);
    await expect(handle.exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await db.select({ actor: t.auditLog.actor }).from(t.auditLog)).toEqual([{ actor: 'clerk1' }]);
    await handle.close();
  });
});

describe('the services’ database on PostgreSQL (openStore)', () => {
  it('runs the SQLite schema’s builders in a transaction, JSON and booleans as written, and rolls a failed one back', async () => {
    const { url, drop } = await freshPostgresDatabase();
    cleanups.push(drop);
    const db = await openStore(url);
    cleanups.push(() => (db.$client as unknown as { end(): Promise<void> }).end());
    expect(dialectOf(db)).toBe('postgres');
    await transaction(db, async (tx) => {
      await tx.insert(schema.bureaus).values({ id: 'b1', plugin: 'p', name: '一局', divisions: ['500116'] });
    });
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(schema.bureaus).values({ id: 'b2', plugin: 'p', name: '二局' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const rows = await db.select().from(schema.bureaus);
    expect(rows.map((b) => [b.id, b.name, b.divisions])).toEqual([['b1', '一局', ['500116']]]);
    const renamed = await transaction(db, async (tx) => changes(await tx.update(schema.bureaus).set({ name: '新局' }).where(eq(schema.bureaus.id, 'b1'))));
    expect(renamed).toBe(1);
    expect((await first(db.select().from(schema.bureaus)))?.name).toBe('新局');
  });
});
