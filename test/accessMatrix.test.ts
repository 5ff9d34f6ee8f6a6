/**
 * Every endpoint of the endpoint tables tried as anonymous, as an employer of another region, as
 * staff of a foreign bureau, and as a county clerk in the 昌吉 prefecture's campaign: where the
 * policy (core/policy.ts) denies, the answer is 401, 403 or 404, never 2xx and never 500. The
 * routes come from the tables, so a new route is tried without anyone writing it down here.
 */
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase, schema } from '../core/db/index.ts';
import { policyOf } from '../core/policy.ts';
import { loadRegistry } from '../core/registry.ts';
import { localAdministrator, now } from '../core/services/actor.ts';
import { seedDemo } from '../core/services/demo.ts';
import { hashPassword } from '../core/services/passwords.ts';
import { createApp } from '../server/app.ts';
import type { Endpoint } from '../server/endpoint.ts';
import { campaignEndpoints } from '../server/routes/campaigns.ts';
import { lifecycleEndpoints } from '../server/routes/lifecycle.ts';
import { ruleEndpoints } from '../server/routes/rules.ts';
import { uploadEndpoints } from '../server/routes/uploads.ts';
import { accountEndpoints } from '../server/routes/accounts.ts';
import { LoginThrottle } from '../server/sessions.ts';

const db = openDatabase(':memory:');
const registry = await loadRegistry();
const [jiangjin, changji] = await seedDemo(db, new Decider(registry), await localAdministrator(db), { employers: 150 });
const sqlite = db.$client;
const memberOf = (campaign: number, bureau: string) =>
  sqlite
    .prepare(
      'SELECT e.credit_code FROM assignments a JOIN employers e ON e.id = a.employer_id WHERE a.campaign_id = ? AND a.in_scope = 1 AND a.bureau_id = ? ORDER BY e.id',
    )
    .pluck()
    .get(campaign, bureau) as string;
const jiangjinMember = memberOf(jiangjin, 'cq-jiangjin');
const cityMember = memberOf(changji, 'changji-city');

const PASSWORD = '矩阵测试密码';
const hash = await hashPassword(PASSWORD);
for (const [username, role, bureauId, region, creditCode] of [
  ['cj-clerk', 'clerk', 'changji-prefecture', 'xinjiang-changji', null],
  ['cj-admin', 'administrator', 'changji-prefecture', 'xinjiang-changji', null],
  ['jj-admin', 'administrator', 'cq-jiangjin', 'chongqing-jiangjin', null],
  ['fukang-clerk', 'clerk', 'fukang', 'xinjiang-changji', null],
  ['jj-employer', 'employer', null, 'chongqing-jiangjin', jiangjinMember],
] as const) {
  db.insert(schema.users).values({ username, displayName: username, role, bureauId, region, creditCode, passwordHash: hash, createdAt: now() }).run();
}
const app = createApp({ db, registry, decider: new Decider(registry), throttle: new LoginThrottle(100, 60_000) });

const tokens = new Map<string, string>();
async function tokenOf(username: string): Promise<string> {
  if (!tokens.has(username)) {
    const res = await app.request('/api/login', {
      method: 'POST',
      body: JSON.stringify({ username, password: PASSWORD }),
      headers: { 'content-type': 'application/json' },
    });
    tokens.set(username, ((await res.json()) as { token: string }).token);
  }
  return tokens.get(username)!;
}

interface Target {
  campaign: number;
  plugin: string;
  bureau: string;
  employer: string;
}
const JIANGJIN: Target = { campaign: jiangjin, plugin: 'chongqing-jiangjin', bureau: 'cq-jiangjin', employer: jiangjinMember };
const CHANGJI: Target = { campaign: changji, plugin: 'xinjiang-changji', bureau: 'changji-prefecture', employer: cityMember };

/** A value of a body schema that passes it, so that what answers is the service, not the schema check. */
function sample(s: Record<string, any>, name: string, t: Target): unknown {
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object') {
    const props = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
    // the required properties, and the bureau a body may name (else the caller's own is taken)
    const named = [...(s.required ?? []), ...Object.keys(props).filter((k) => k === 'bureauId' && !(s.required ?? []).includes(k))];
    return Object.fromEntries(named.map((k: string) => [k, sample(props[k], k, t)]));
  }
  if (type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, name, t));
  if (type === 'integer') return name === 'year' ? 2023 : (s.minimum ?? 1);
  if (type === 'boolean') return true;
  if (s.format === 'date') return '2025-01-06';
  const strings: Record<string, string> = {
    employer: t.employer,
    creditCode: t.employer,
    plugin: t.plugin,
    bureau: t.bureau,
    bureauId: t.bureau,
    username: 'matrix-user',
  };
  return strings[name] ?? 'x'.repeat(Math.max(4, s.minLength ?? 0));
}

async function request(e: Endpoint, t: Target, username: string | null) {
  const params: Record<string, string> = {
    id: String(t.campaign),
    employer: t.employer,
    plugin: t.plugin,
    decision: 'sampling',
    name: 'notice',
    job: 'none',
    rid: '1',
    cid: '1',
    oid: '1',
  };
  let path = `/api${e.path.replace(/:(\w+)/g, (_, p: string) => params[p])}`;
  if (e.upload) path += `?name=e.csv&region=${t.plugin}`;
  const headers: Record<string, string> = { 'content-type': e.upload ? 'text/csv' : 'application/json' };
  if (username) headers.authorization = `Bearer ${await tokenOf(username)}`;
  const body = e.upload
    ? `统一社会信用代码,单位名称,单位类型,注册地行政区划代码,职工人数\n${t.employer},甲,企业,500116,10`
    : e.body
      ? JSON.stringify(sample(e.body, '', t))
      : undefined;
  const res = await app.request(path, { method: e.method.toUpperCase(), headers, body });
  return { status: res.status, text: await res.text() };
}

// every route that acts on a campaign, a region's rules or an account; the session and decision
// routes are public or the caller's own
const endpoints = [...lifecycleEndpoints, ...campaignEndpoints, ...uploadEndpoints, ...accountEndpoints, ...ruleEndpoints];
const label = (e: Endpoint) => `${e.method.toUpperCase()} ${e.path}`;
const DENIED = [401, 403, 404];

describe('every route × role × foreign bureau', () => {
  it.each([
    ['anonymous', null, JIANGJIN],
    ['an employer of 江津, in the 昌吉 campaign', 'jj-employer', CHANGJI],
    ['a clerk of the 昌吉 prefecture, in the 江津 campaign', 'cj-clerk', JIANGJIN],
    ['an administrator of the 昌吉 prefecture, in the 江津 campaign', 'cj-admin', JIANGJIN],
    ['an administrator of 江津, in the 昌吉 campaign', 'jj-admin', CHANGJI],
  ])('%s is refused by every route of the other region', async (_who, username, target) => {
    for (const e of endpoints) {
      const { status, text } = await request(e, target, username);
      // the caller's own campaign list is its own to read: it must not hold the other region's campaign
      if (username && e.method === 'get' && e.path === '/campaigns') {
        expect(status, label(e)).toBe(200);
        expect(
          (JSON.parse(text) as { id: number }[]).map((c) => c.id),
          label(e),
        ).not.toContain(target.campaign);
        continue;
      }
      // an administrator's own staff list: it must hold no account of the other region's bureaus
      if (status === 200 && e.method === 'get' && e.path === '/users') {
        const bureaus = (JSON.parse(text) as { bureauId: string }[]).map((u) => u.bureauId);
        expect(bureaus.length, label(e)).toBeGreaterThan(0);
        expect(bureaus, label(e)).not.toContain(target.bureau);
        continue;
      }
      expect(DENIED, `${label(e)} → ${status} ${text.slice(0, 160)}`).toContain(status);
    }
  });

  it('a county clerk in the prefecture’s campaign may not run the prefecture’s steps, nor act on another county’s employer', async () => {
    let tried = 0;
    for (const e of endpoints) {
      const { status, text } = await request(e, CHANGJI, 'fukang-clerk');
      expect(status, `${label(e)} → ${text.slice(0, 160)}`).not.toBe(500);
      if (!e.step) continue;
      const policy = policyOf(e.step, CHANGJI.plugin);
      const namesEmployer = e.path.includes(':employer') || JSON.stringify(e.body ?? {}).includes('"employer"');
      const denied =
        policy.scope === 'campaign' || policy.scope === 'region' || !policy.roles.includes('clerk') || (policy.scope === 'employer' && namesEmployer);
      if (!denied) continue;
      tried++;
      expect(DENIED, `${label(e)} (${e.step}) → ${status} ${text.slice(0, 160)}`).toContain(status);
    }
    expect(tried).toBeGreaterThan(10);
  });

  it('every change a campaign’s route makes names its policy step', () => {
    // reading routes and the draw's verification (anyone who sees the campaign may check it) change nothing
    const unnamed = endpoints.filter((e) => e.method !== 'get' && !e.step).map(label);
    expect(unnamed).toEqual(['POST /campaigns/:id/verify-draw']);
  });
});

describe('the policy table', () => {
  it('is what a plugin’s `policy` may name, step for step', async () => {
    const { POLICY } = await import('../core/policy.ts');
    const manifest = (await import('../core/schemas/plugin.schema.json', { with: { type: 'json' } })).default as {
      properties: { policy: { propertyNames: { enum: string[] } } };
    };
    expect(manifest.properties.policy.propertyNames.enum).toEqual(Object.keys(POLICY));
  });
});
