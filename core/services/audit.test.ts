import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { openDatabase } from '../db/index.ts';
import { localAdministrator } from './actor.ts';
import { audit, verifyAuditChain } from './audit.ts';

/** A log of five records, as the services write them. */
async function logOfFive() {
  const path = join(mkdtempSync(join(tmpdir(), 'jiancha-audit-')), 'jiancha.db');
  const db = openDatabase(path);
  const admin = await localAdministrator(db);
  for (let i = 1; i <= 5; i++) await audit(db, admin, 'update', 'employer', i, { grade: 'B' }, { grade: 'A', n: i });
  // what someone with the file can do: switch the append-only triggers off
  db.$client.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  return { db, path };
}

describe('the audit log hash chain', () => {
  it('links each record to the one before, and verifies', async () => {
    const { db } = await logOfFive();
    const rows = db.$client.prepare('SELECT id, prev_hash AS prevHash, hash FROM audit_log ORDER BY id').all() as {
      id: number;
      prevHash: string;
      hash: string;
    }[];
    expect(rows).toHaveLength(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 5, lastHash: rows[4].hash });
  });

  it('names a record changed in the file', async () => {
    const { db } = await logOfFive();
    db.$client.prepare(`UPDATE audit_log SET after = '{"grade":"C","n":3}' WHERE id = 3`).run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: 3 });
  });

  it('names the record after one removed from the middle, even with the hashes forged forward', async () => {
    const { db } = await logOfFive();
    db.$client.prepare('DELETE FROM audit_log WHERE id = 2').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: 3 });
  });

  it('notices records removed from the end', async () => {
    const { db } = await logOfFive();
    db.$client.prepare('DELETE FROM audit_log WHERE id >= 4').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: 4 });
  });

  it('notices a forged record inserted with a made-up hash', async () => {
    const { db } = await logOfFive();
    db.$client
      .prepare(
        `INSERT INTO audit_log (at, actor, action, entity, entity_id, prev_hash, hash) VALUES ('2024-01-01', 'admin', 'publish', 'campaign', '1', 'x', 'y')`,
      )
      .run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: 6 });
  });

  it('jiancha audit verify exits 1 and names the first bad record', async () => {
    const { db, path } = await logOfFive();
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), readStdin: async () => '' };
    expect(await runCli(['audit', 'verify', '--db', path], io)).toBe(0);
    db.$client.prepare(`UPDATE audit_log SET actor = 'someone' WHERE id = 2`).run();
    out.length = 0;
    expect(await runCli(['audit', 'verify', '--db', path], io)).toBe(1);
    expect(JSON.parse(out[0])).toMatchObject({ ok: false, firstBadId: 2 });
    expect(out[1]).toMatch(/记录 2/);
  });
});
