/**
 * Accounts and the edges of a request: the login throttle (per account and address, a proxy's
 * headers trusted only when configured, unknown names verified like known ones), cross-site posts,
 * the Secure cookie, one-time passwords, reset and disable, redirects, the documents' content policy,
 * and an OpenAPI document with every mounted route.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { Decider } from '../core/decide.ts';
import { sha256 } from '../core/hash.ts';
import { openDatabase, schema } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { seedDemo } from '../core/services/demo.ts';
import * as passwords from '../core/services/passwords.ts';
import { createUser } from '../core/services/users.ts';
import { createApp } from '../server/app.ts';
import { documentPolicy, imprintPlacement } from '../server/documentPolicy.ts';
import { openApiDocument } from '../server/openapi.ts';
import type { SecuritySettings } from '../server/security.ts';
import { findSession, LoginThrottle } from '../server/sessions.ts';

vi.mock('../core/services/passwords.ts', async (original) => {
  const actual = await original<typeof import('../core/services/passwords.ts')>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const db = openDatabase(':memory:');
const registry = await loadRegistry();
const decider = new Decider(registry);
const admin = await localAdministrator(db);
const [jiangjin] = await seedDemo(db, decider, admin, { employers: 40 });
const PASSWORD = '测试密码-足够长的';
for (const [username, role, bureauId] of [
  ['jj-admin', 'administrator', 'cq-jiangjin'],
  ['jj-clerk', 'clerk', 'cq-jiangjin'],
  ['jj-clerk2', 'clerk', 'cq-jiangjin'],
  ['cj-admin', 'administrator', 'changji-prefecture'],
  ['owner', 'clerk', 'cq-jiangjin'],
] as const) {
  await createUser(db, admin, { username, role, bureauId, password: PASSWORD });
}
const appWith = (security?: SecuritySettings, throttle = new LoginThrottle()) => createApp({ db, registry, decider, throttle, security });
const app = appWith();

const json = { 'content-type': 'application/json' };
const login = (a = app, username: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  a.request('/api/login', { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ username, password }) });
async function tokenOf(username: string, password = PASSWORD) {
  const res = await login(app, username, password);
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; csrfToken: string; passwordChangeRequired: boolean };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the login throttle', () => {
  it('is not reset by a made-up X-Forwarded-For when no proxy is configured', async () => {
    const a = appWith(undefined, new LoginThrottle(3));
    for (let i = 0; i < 3; i++) expect((await login(a, 'jj-clerk', 'wrong', { 'x-forwarded-for': `10.0.0.${i}` })).status).toBe(401);
    expect((await login(a, 'jj-clerk', PASSWORD, { 'x-forwarded-for': '10.9.9.9' })).status).toBe(403);
  });

  it('behind a trusted proxy, a stranger hammering an account does not lock its owner out', async () => {
    const a = appWith({ trustProxy: true, secureCookie: false }, new LoginThrottle(3));
    const stranger = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 3; i++) expect((await login(a, 'owner', 'wrong', stranger)).status).toBe(401);
    expect((await login(a, 'owner', PASSWORD, stranger)).status).toBe(403);
    // the proxy appends the address it saw last; what the client wrote before it does not count
    expect((await login(a, 'owner', PASSWORD, { 'x-forwarded-for': '203.0.113.7, 198.51.100.2' })).status).toBe(200);
  });

  it('slows an address that tries many accounts', async () => {
    const a = appWith({ trustProxy: true, secureCookie: false }, new LoginThrottle(5, 60_000, 4));
    const from = { 'x-forwarded-for': '192.0.2.1' };
    for (const name of ['a1', 'a2', 'a3', 'a4']) expect((await login(a, name, 'wrong', from)).status).toBe(401);
    expect((await login(a, 'jj-clerk', PASSWORD, from)).status).toBe(403);
    expect((await login(a, 'jj-clerk', PASSWORD, { 'x-forwarded-for': '192.0.2.2' })).status).toBe(200);
  });

  it('doubles the wait with each failure past the limit', () => {
    let t = 0;
    const throttle = new LoginThrottle(2, 1000, 100, 60_000, () => t);
    throttle.fail('u', 'x');
    expect(throttle.retryAfter('u', 'x')).toBe(0);
    throttle.fail('u', 'x');
    expect(throttle.retryAfter('u', 'x')).toBe(1000);
    t = 1000;
    throttle.fail('u', 'x');
    expect(throttle.retryAfter('u', 'x')).toBe(2000);
    expect(throttle.retryAfter('u', 'y')).toBe(0);
  });

  it('verifies an unknown username against a hash as it does a known one, so both answer alike', async () => {
    const verify = vi.mocked(passwords.verifyPassword);
    verify.mockClear();
    expect((await login(app, 'nobody-at-all', 'whatever')).status).toBe(401);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0][1]).toMatch(/^scrypt\$/);
  });
});

describe('cross-site requests', () => {
  it('refuses a login posted from another site', async () => {
    expect((await login(app, 'jj-clerk', PASSWORD, { origin: 'http://evil.example', host: 'jiancha.local' })).status).toBe(403);
    expect((await login(app, 'jj-clerk', PASSWORD, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await login(app, 'jj-clerk', PASSWORD, { origin: 'http://jiancha.local', host: 'jiancha.local', 'sec-fetch-site': 'same-origin' })).status).toBe(
      200,
    );
    // Chromium posts a form of a no-referrer page with Origin "null" and says where it came from in Sec-Fetch-Site
    expect((await login(app, 'jj-clerk', PASSWORD, { origin: 'null', host: 'jiancha.local', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await login(app, 'jj-clerk', PASSWORD, { origin: 'null', host: 'jiancha.local', 'sec-fetch-site': 'same-site' })).status).toBe(403);
  });

  it('refuses a cookie-authenticated change from another site even with the CSRF token', async () => {
    const res = await login(app, 'jj-clerk');
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const path = `/api/campaigns/${jiangjin}/verify-draw`;
    expect((await app.request(path, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await app.request(path, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } })).status).toBe(200);
  });
});

describe('on a node server', () => {
  it('finds the session of a bearer token and of the cookie among others, and a CSRF token is still needed with the cookie', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { token } = await tokenOf('jj-clerk');
      const me = (headers: Record<string, string>) => fetch(`${base}/api/me`, { headers });
      expect((await me(bearer(token))).status).toBe(200);
      expect((await me({ cookie: `theme=dark; jiancha_session=${token}; lang=zh` })).status).toBe(200);
      expect((await me({ cookie: 'jiancha_session=not-a-token' })).status).toBe(401);
      expect((await me({})).status).toBe(401);
      const logout = await fetch(`${base}/api/logout`, { method: 'POST', headers: { cookie: `jiancha_session=${token}` } });
      expect(logout.status).toBe(403);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the session cookie', () => {
  const cookieOf = async (a: ReturnType<typeof appWith>, headers: Record<string, string> = {}) =>
    (await login(a, 'jj-clerk', PASSWORD, headers)).headers.get('set-cookie')!;
  it('is Secure when the setting says so, or a trusted proxy says the request came over TLS', async () => {
    expect(await cookieOf(appWith({ trustProxy: false, secureCookie: true }))).toMatch(/;\s*Secure/i);
    expect(await cookieOf(appWith({ trustProxy: true, secureCookie: false }), { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
    expect(await cookieOf(appWith({ trustProxy: false, secureCookie: false }), { 'x-forwarded-proto': 'https' })).not.toMatch(/Secure/i);
  });
});

describe('passwords', () => {
  it('a one-time password opens nothing until it is changed; the change ends the old sessions', async () => {
    const { password } = await createUser(db, admin, { username: 'new-clerk', role: 'clerk', bureauId: 'cq-jiangjin' });
    const first = await tokenOf('new-clerk', password);
    expect(first.passwordChangeRequired).toBe(true);
    const refused = await app.request('/api/campaigns', { headers: bearer(first.token) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('password-change-required');
    const change = (token: string, current: string, next: string) =>
      app.request('/api/password', { method: 'POST', headers: { ...json, ...bearer(token) }, body: JSON.stringify({ current, new: next }) });
    expect((await change(first.token, 'wrong', '新的密码-这回足够长了')).status).toBe(401);
    expect((await change(first.token, password, 'short')).status).toBe(422);
    const changed = await change(first.token, password, '新的密码-这回足够长了');
    expect(changed.status).toBe(200);
    const { token } = (await changed.json()) as { token: string };
    expect((await app.request('/api/campaigns', { headers: bearer(first.token) })).status).toBe(401);
    expect((await app.request('/api/campaigns', { headers: bearer(token) })).status).toBe(200);
    expect((await login(app, 'new-clerk', '新的密码-这回足够长了')).status).toBe(200);
  });

  it('the console sends a one-time password holder to the change-password page', async () => {
    const { password } = await createUser(db, admin, { username: 'console-clerk', role: 'clerk', bureauId: 'cq-jiangjin' });
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'console-clerk', password }).toString(),
    });
    expect(res.headers.get('location')).toBe('/password');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    expect((await app.request('/', { headers: { cookie } })).headers.get('location')).toBe('/password');
    const page = await (await app.request('/password', { headers: { cookie } })).text();
    expect(page).toContain('修改密码');
    expect(page).toContain('name="new"');
  });

  it('an administrator resets an account of its jurisdiction to a new one-time password; its sessions end', async () => {
    const old = await tokenOf('jj-clerk2');
    const adminToken = (await tokenOf('jj-admin')).token;
    const foreign = (await tokenOf('cj-admin')).token;
    expect((await app.request('/api/users/jj-clerk2/reset-password', { method: 'POST', headers: bearer(foreign) })).status).toBe(404);
    expect((await app.request('/api/users/jj-clerk2/reset-password', { method: 'POST', headers: bearer((await tokenOf('jj-clerk')).token) })).status).toBe(403);
    const reset = await app.request('/api/users/jj-clerk2/reset-password', { method: 'POST', headers: bearer(adminToken) });
    expect(reset.status).toBe(200);
    const { password } = (await reset.json()) as { password: string };
    expect((await app.request('/api/me', { headers: bearer(old.token) })).status).toBe(401);
    expect((await login(app, 'jj-clerk2')).status).toBe(401);
    expect((await tokenOf('jj-clerk2', password)).passwordChangeRequired).toBe(true);
  });

  it('an administrator disables an account: its sessions end and it cannot log in until enabled', async () => {
    const { password } = await createUser(db, admin, { username: 'leaver', role: 'clerk', bureauId: 'cq-jiangjin', password: PASSWORD });
    const session = await tokenOf('leaver', password);
    const adminToken = (await tokenOf('jj-admin')).token;
    const set = (disabled: boolean) =>
      app.request('/api/users/leaver/disabled', { method: 'POST', headers: { ...json, ...bearer(adminToken) }, body: JSON.stringify({ disabled }) });
    expect((await set(true)).status).toBe(200);
    expect((await app.request('/api/me', { headers: bearer(session.token) })).status).toBe(401);
    expect((await login(app, 'leaver')).status).toBe(403);
    expect((await set(false)).status).toBe(200);
    expect((await login(app, 'leaver')).status).toBe(200);
  });

  it('a session past its eight hours is no longer found, and a token is found only in its own database', async () => {
    const { token } = await tokenOf('jj-clerk');
    expect(findSession(db, token)?.actor.username).toBe('jj-clerk');
    const other = openDatabase(':memory:');
    expect(findSession(other, token)).toBeNull();
    db.update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(schema.sessions.tokenHash, sha256(token)))
      .run();
    expect(findSession(db, token)).toBeNull();
    expect((await app.request('/api/me', { headers: bearer(token) })).status).toBe(401);
  });

  it('logout ends the session', async () => {
    const { token } = await tokenOf('jj-clerk');
    expect((await app.request('/api/logout', { method: 'POST', headers: bearer(token) })).status).toBe(200);
    expect((await app.request('/api/me', { headers: bearer(token) })).status).toBe(401);
  });
});

describe('the console and documents', () => {
  it('a job page sends the browser back only to a path of this site', async () => {
    const res = await login(app, 'jj-admin');
    const { token } = (await res.json()) as { token: string };
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const started = await app.request('/api/registry/import?async=true&name=x.csv', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'text/csv' },
      body: '统一社会信用代码\n',
    });
    const { job } = (await started.json()) as { job: { id: string } };
    for (const back of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      const page = await (await app.request(`/jobs/${job.id}?back=${encodeURIComponent(back)}`, { headers: { cookie } })).text();
      expect(page, back).toContain('<a href="/">返回</a>');
    }
    const page = await (await app.request(`/jobs/${job.id}?back=${encodeURIComponent(`/campaigns/${jiangjin}`)}`, { headers: { cookie } })).text();
    expect(page).toContain(`<a href="/campaigns/${jiangjin}">返回</a>`);
  });

  it('serves a document under a policy that allows its own styles by hash and no script but the 版记’s placement', async () => {
    const { token } = await tokenOf('jj-clerk');
    for (const name of ['notice']) {
      const res = await app.request(`/api/campaigns/${jiangjin}/documents/${name}`, { headers: bearer(token) });
      expect(res.status, name).toBe(200);
      const html = await res.text();
      const csp = res.headers.get('content-security-policy')!;
      const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
      expect(styles.length, name).toBeGreaterThan(0);
      const styleSrc = csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('style-src '))!;
      for (const s of styles) expect(styleSrc).toContain(`'sha256-${createHash('sha256').update(s).digest('base64')}'`);
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/unsafe-inline/);
      // the notice's one script is the shipped placement of its 版记, allowed by its hash alone
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      expect(scripts).toEqual([imprintPlacement]);
      expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(imprintPlacement).digest('base64')}';`);
    }
    // any other script, such as one a template override carries, is not allowed
    expect(documentPolicy('<p>x</p><script>alert(1)</script>')).not.toContain('script-src');
  });

  it('lists every mounted API route in the OpenAPI document', () => {
    const doc = openApiDocument('test');
    const routes = app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL');
    expect(routes.length).toBeGreaterThan(40);
    for (const r of routes) {
      const path = r.path.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path as keyof typeof doc.paths], `${r.method} ${r.path}`).toHaveProperty(r.method.toLowerCase());
    }
  });
});
