import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schema } from '../core/db/index.ts';
import { verifyPassword } from '../core/services/passwords.ts';
import { parse } from 'node-html-parser';
import { drawnChangji } from '../test/fixtures/changji.ts';
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

describe('jiancha user employers', () => {
  it('opens accounts for the drawn employers in the bureau’s charge and writes their letters, as the console prints them, to a new file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-letters-'));
    const db = join(dir, 'jiancha.db');
    const w = await drawnChangji(150, db);
    const fukang = w.drawnOf('fukang');
    expect(fukang.length).toBeGreaterThan(0);
    const cli = async (args: string[]) => {
      const r = await jianchaInProcess(['user', ...args, '--db', db]);
      return { code: r.code, out: r.stdout + r.stderr };
    };
    expect((await cli(['add', 'fukang-clerk', '--role', 'clerk', '--bureau', 'fukang'])).code).toBe(0);
    const campaign = String(w.campaign.id);
    const open = (out: string, origin = 'https://jiancha.example.gov.cn') =>
      cli(['employers', '--campaign', campaign, '--origin', origin, '--out', out, '--as', 'fukang-clerk']);
    const letters = join(dir, '账号通知书.html');
    expect((await open(letters, 'jiancha.example.gov.cn')).out).toContain('--origin 须为用人单位登录的网址');
    expect(existsSync(letters)).toBe(false);

    const made = await open(letters);
    expect(made).toEqual({ code: 0, out: expect.stringContaining(`已为 ${fukang.length} 家用人单位开设账号，账号通知书已写入 ${letters}`) });
    expect(made.out).toContain(`本辖区审查名单 ${fukang.length} 家，已有账号 ${fukang.length} 家`);
    // the passwords are in this file only: not for other users of the machine
    expect(statSync(letters).mode & 0o077).toBe(0);
    const html = parse(readFileSync(letters, 'utf8'));
    expect(html.querySelector('style')?.text).toContain('break-after: page');
    const printed = html.querySelectorAll('article.letter');
    expect(printed.map((a) => a.querySelector('dd.code')?.text)).toEqual(fukang);
    expect(printed[0].text).toContain('请登录 https://jiancha.example.gov.cn 网上申报');
    // each one-time password printed is the account's
    const password = printed[0].querySelector('dd.password')!.text;
    expect(
      await verifyPassword(
        password,
        openDatabase(db)
          .select()
          .from(schema.users)
          .all()
          .find((u) => u.username === fukang[0])!.passwordHash,
      ),
    ).toBe(true);

    expect((await open(letters)).out).toContain('已存在：为免覆盖已打印的一次性密码');
    const again = await open(join(dir, '再次.html'));
    expect(again.out).toContain(`本辖区审查名单 ${fukang.length} 家均已有账号，未开设新账号`);
    expect(existsSync(join(dir, '再次.html'))).toBe(false);
  });
});

describe('jiancha user employers, all or nothing', () => {
  it('stores no account when the letters cannot be written or one account cannot be made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-letters-'));
    const db = join(dir, 'jiancha.db');
    const w = await drawnChangji(150, db);
    const fukang = w.drawnOf('fukang');
    expect(fukang.length).toBeGreaterThan(1);
    const cli = async (args: string[]) => {
      const r = await jianchaInProcess(['user', ...args, '--db', db]);
      return { code: r.code, out: r.stdout + r.stderr };
    };
    expect((await cli(['add', 'fukang-clerk', '--role', 'clerk', '--bureau', 'fukang'])).code).toBe(0);
    const open = (out: string) =>
      cli(['employers', '--campaign', String(w.campaign.id), '--origin', 'https://jiancha.example.gov.cn', '--out', out, '--as', 'fukang-clerk']);
    const employerAccounts = () =>
      openDatabase(db)
        .select()
        .from(schema.users)
        .all()
        .filter((u) => u.role === 'employer').length;

    // the letters' folder does not exist: the file cannot be written
    const nowhere = await open(join(dir, '没有这个文件夹', '账号通知书.html'));
    expect(nowhere.code).not.toBe(0);
    expect(nowhere.out).toContain('无法写入账号通知书');
    expect(nowhere.out).toContain('未开设任何账号');
    expect(employerAccounts()).toBe(0);

    // the last employer's account cannot be stored: the ones before it are not kept either
    const last = fukang[fukang.length - 1];
    openDatabase(db).$client.exec(`CREATE TRIGGER refuse BEFORE INSERT ON users WHEN NEW.credit_code = '${last}' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const letters = join(dir, '账号通知书.html');
    const refused = await open(letters);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain(`无法为`);
    expect(refused.out).toContain(`（${last}）开设账号`);
    expect(refused.out).toContain('本次未开设任何账号');
    expect(employerAccounts()).toBe(0);
    expect(existsSync(letters)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    openDatabase(db).$client.exec('DROP TRIGGER refuse');
    expect((await open(letters)).code).toBe(0);
    expect(employerAccounts()).toBe(fukang.length);
  });
});
