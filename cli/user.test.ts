import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schema } from '../core/db/index.ts';
import { verifyPassword } from '../core/services/passwords.ts';
import { jianchaInProcess } from '../test/fixtures/cli.ts';

const path = join(mkdtempSync(join(tmpdir(), 'jiancha-user-')), 'jiancha.db');
async function run(args: string[], stdin = '') {
  const r = await jianchaInProcess(['user', ...args, '--db', path], stdin);
  return { code: r.code, out: r.stdout + r.stderr };
}
const row = (username: string) =>
  openDatabase(path)
    .select()
    .from(schema.users)
    .all()
    .find((u) => u.username === username)!;

describe('jiancha user', () => {
  it('adds with a one-time password, which passwd replaces; reset gives a new one; disable and enable', async () => {
    const added = await run(['add', 'clerk1', '--role', 'clerk', '--bureau', 'cq-jiangjin']);
    const first = /one-time password\): (\S+)/.exec(added.out)![1];
    expect(row('clerk1').passwordChangeRequired).toBe(true);
    expect((await run(['passwd', '--as', 'clerk1'], `${first}\n一个新的长密码-2024\n`)).code).toBe(0);
    expect(row('clerk1').passwordChangeRequired).toBe(false);
    expect(await verifyPassword('一个新的长密码-2024', row('clerk1').passwordHash)).toBe(true);
    const reset = /one-time password\): (\S+)/.exec((await run(['reset', 'clerk1'])).out)![1];
    expect(await verifyPassword(reset, row('clerk1').passwordHash)).toBe(true);
    expect(row('clerk1').passwordChangeRequired).toBe(true);
    await run(['disable', 'clerk1']);
    expect(row('clerk1').disabledAt).not.toBeNull();
    await run(['enable', 'clerk1']);
    expect(row('clerk1').disabledAt).toBeNull();
  });
});
