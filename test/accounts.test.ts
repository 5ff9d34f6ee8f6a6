/**
 * Accounts within the creator's jurisdiction (core/policy.ts accounts, accounts.employers): a bureau
 * opens accounts for the drawn employers in its charge in batches, each with a one-time password shown
 * once on a printable letter and changed at the first login; staff accounts are an administrator's;
 * reset and disable end the account's sessions; a foreign bureau reaches none of it.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { actorFor } from '../core/services/actor.ts';
import { campaignAccounts, createEmployerAccounts, listStaffAccounts } from '../core/services/employerAccounts.ts';
import { createUser, resetPassword, setAccountDisabled } from '../core/services/users.ts';
import type { AppDeps, AppEnv } from '../server/context.ts';
import { publicOrigin } from '../server/security.ts';
import { drawnChangji } from './fixtures/changji.ts';

const w = await drawnChangji(150);
const id = w.campaign.id;
const PASSWORD = '账号测试-密码-甲乙';
for (const [username, role, bureauId] of [
  ['pref-admin', 'administrator', 'changji-prefecture'],
  ['city-admin', 'administrator', 'changji-city'],
  ['city-clerk', 'clerk', 'changji-city'],
  ['fukang-clerk', 'clerk', 'fukang'],
  ['jj-admin', 'administrator', 'cq-jiangjin'],
  ['jj-clerk', 'clerk', 'cq-jiangjin'],
] as const) {
  await createUser(w.db, w.admin, { username, role, bureauId, password: PASSWORD });
}
const as = (username: string) => actorFor(w.db, username);
const city = w.drawnOf('changji-city');
const fukang = w.drawnOf('fukang');

async function login(username: string, password: string) {
  const res = await w.app.request('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, json: (await res.json()) as { token?: string; passwordChangeRequired?: boolean; error?: { message: string } } };
}

describe('employer accounts for a campaign’s drawn employers', () => {
  it('are opened in batches for the employers in the bureau’s charge, named by credit code, the next batch going on where the last stopped', async () => {
    expect(city.length).toBeGreaterThan(6);
    const first = await createEmployerAccounts(w.db, await as('city-clerk'), id, 4);
    expect(first.letters.map((l) => l.creditCode)).toEqual(city.slice(0, 4));
    expect(first.letters.every((l) => l.username === l.creditCode && l.bureauId === 'changji-city' && l.password.length >= 16)).toBe(true);
    expect(first.remaining).toBe(city.length - 4);
    const second = await createEmployerAccounts(w.db, await as('city-clerk'), id, 3);
    expect(second.letters.map((l) => l.creditCode)).toEqual(city.slice(4, 7));
    expect(await campaignAccounts(w.db, await as('city-clerk'), id)).toMatchObject({ drawn: city.length, withAccount: 7 });
    // found by the start of its credit code, as the lists search; a LIKE wildcard is itself
    const found = await campaignAccounts(w.db, await as('city-clerk'), id, city[5].slice(0, 17).toLowerCase());
    expect(found.rows.map((r) => r.creditCode)).toContain(city[5]);
    expect(found.rows.find((r) => r.creditCode === city[5])?.account).toMatchObject({ username: city[5], oneTime: true, disabled: false });
    expect((await campaignAccounts(w.db, await as('city-clerk'), id, '%')).rows).toEqual([]);
    // a county's clerk opens its own county's only
    const county = await createEmployerAccounts(w.db, await as('fukang-clerk'), id, 200);
    expect(county.letters.map((l) => l.creditCode)).toEqual(fukang);
    expect(county.remaining).toBe(0);
  });

  it('keep no password: only its hash is stored, and the audit names the account, not the password', async () => {
    const { letters } = await createEmployerAccounts(w.db, await as('city-clerk'), id, 1);
    const dump = JSON.stringify([w.db.$client.prepare('SELECT * FROM users').all(), w.db.$client.prepare('SELECT * FROM audit_log').all()]);
    expect(dump).toContain(letters[0].username);
    expect(dump).not.toContain(letters[0].password);
  });

  it('make the employer change its one-time password at the first login', async () => {
    const { letters } = await createEmployerAccounts(w.db, await as('city-clerk'), id, 1);
    const first = await login(letters[0].username, letters[0].password);
    expect(first.json.passwordChangeRequired).toBe(true);
    const auth = { authorization: `Bearer ${first.json.token}`, 'content-type': 'application/json' };
    const refused = await w.app.request(`/api/campaigns/${id}/employers/${letters[0].creditCode}/uploads`, { headers: auth });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('请先修改一次性密码');
    const changed = await w.app.request('/api/password', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ current: letters[0].password, new: '自己的新密码-2025' }),
    });
    expect(changed.status).toBe(200);
    expect((await login(letters[0].username, '自己的新密码-2025')).json.passwordChangeRequired).toBe(false);
  });

  it('are reset and disabled by the employer’s bureau, the sessions ending; not by another county or region', async () => {
    const [code] = city;
    const before = await login(code, (await resetPassword(w.db, await as('city-clerk'), code)).password);
    expect(before.status).toBe(200);
    const { password } = await resetPassword(w.db, await as('city-clerk'), code);
    // the reset ended the session the old password opened
    expect((await w.app.request('/api/me', { headers: { authorization: `Bearer ${before.json.token}` } })).status).toBe(401);
    expect((await login(code, password)).json.passwordChangeRequired).toBe(true);
    for (const outsider of ['fukang-clerk', 'jj-admin', 'jj-clerk']) {
      await expect(resetPassword(w.db, await as(outsider), code), outsider).rejects.toThrow(`本辖区没有账号 ${code}`);
      await expect(setAccountDisabled(w.db, await as(outsider), code, true), outsider).rejects.toThrow(`本辖区没有账号 ${code}`);
    }
    await setAccountDisabled(w.db, await as('city-clerk'), code, true);
    const disabled = await login(code, password);
    expect(disabled.status).toBe(403);
    expect(disabled.json.error?.message).toContain('此账号已停用');
    await setAccountDisabled(w.db, await as('city-clerk'), code, false);
    expect((await login(code, password)).status).toBe(200);
  });

  it('are not opened by a foreign bureau, nor by an employer, in the campaign', async () => {
    for (const outsider of ['jj-admin', 'jj-clerk']) {
      await expect(createEmployerAccounts(w.db, await as(outsider), id, 5), outsider).rejects.toThrow(/没有|无权/);
      await expect(campaignAccounts(w.db, await as(outsider), id), outsider).rejects.toThrow(/没有|无权/);
    }
    const [code] = city;
    await expect(createEmployerAccounts(w.db, await as(code), id, 5)).rejects.toThrow('开设和管理用人单位账号需要角色');
    // one employer account by name, too: only of the creator's registry and jurisdiction
    await expect(createUser(w.db, await as('jj-admin'), { username: 'jj-takes-cj', role: 'employer', creditCode: fukang[0] })).rejects.toThrow(
      `本辖区名录中没有统一社会信用代码为 ${fukang[0]} 的用人单位`,
    );
  });
});

describe('staff accounts', () => {
  it('are an administrator’s, within its bureau and those below', async () => {
    await expect(createUser(w.db, await as('city-clerk'), { username: 'clerk-made', role: 'clerk', bureauId: 'changji-city' })).rejects.toThrow(
      '管理账号需要角色：管理员（您是经办人）',
    );
    const made = await createUser(w.db, await as('pref-admin'), { username: 'fukang-new', role: 'clerk', bureauId: 'fukang' });
    expect(made.password.length).toBeGreaterThanOrEqual(16);
    await expect(createUser(w.db, await as('city-admin'), { username: 'up-the-tree', role: 'clerk', bureauId: 'changji-prefecture' })).rejects.toThrow(
      'changji-prefecture 不在本局辖区内',
    );
    await expect(createUser(w.db, await as('jj-admin'), { username: 'jj-in-cj', role: 'head', bureauId: 'changji-city' })).rejects.toThrow(
      'changji-city 不在本局辖区内',
    );
    expect((await listStaffAccounts(w.db, await as('city-admin'))).map((a) => a.username)).toEqual(['city-admin', 'city-clerk']);
    expect((await listStaffAccounts(w.db, await as('pref-admin'))).map((a) => a.username)).toEqual(
      expect.arrayContaining(['pref-admin', 'city-clerk', 'fukang-new']),
    );
    expect((await listStaffAccounts(w.db, await as('pref-admin'))).map((a) => a.bureauId)).not.toContain('cq-jiangjin');
    // a clerk manages employers' accounts, not a colleague's
    await expect(resetPassword(w.db, await as('city-clerk'), 'fukang-new')).rejects.toThrow('管理账号需要角色：管理员（您是经办人）');
    await expect(resetPassword(w.db, await as('jj-admin'), 'fukang-new')).rejects.toThrow('本辖区没有账号 fukang-new');
    expect((await resetPassword(w.db, await as('pref-admin'), 'fukang-new')).password).not.toBe(made.password);
  });
});

describe('the address a letter prints', () => {
  const origin = (trustProxy: boolean) => {
    const app = new Hono<AppEnv>();
    app.use((c, next) => {
      c.set('deps', { security: { trustProxy, secureCookie: false } } as AppDeps);
      return next();
    });
    app.get('/', (c) => c.text(publicOrigin(c)));
    return async (headers: Record<string, string>) => (await app.request('http://10.0.0.5:3000/', { headers })).text();
  };

  it('is the one the browser asked for, behind a trusted proxy the forwarded host and scheme', async () => {
    const proxy = { 'x-forwarded-host': 'jiancha.rsj.example.cn', 'x-forwarded-proto': 'https' };
    expect(await origin(true)(proxy)).toBe('https://jiancha.rsj.example.cn');
    // without JIANCHA_TRUST_PROXY a client's forwarded headers are not believed
    expect(await origin(false)(proxy)).toBe('http://10.0.0.5:3000');
  });
});
