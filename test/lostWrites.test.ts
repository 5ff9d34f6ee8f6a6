/**
 * No acknowledged write is ever lost: requests served while a long step runs never join its
 * transaction, so when the step fails (a bad row at the end of a large registry) every write that
 * answered 2xx is there, with its audit row. On a real SQLite file, where steps run in workers.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jiangjinCode, jiangjinEmployers } from './fixtures/jiangjin.ts';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { actorFor, localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { draw } from '../core/services/draw.ts';
import { storeEmployers } from '../core/services/employerImport.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { assignReviewers } from '../core/services/reviews.ts';
import { createUser } from '../core/services/users.ts';
import { createApp } from '../server/app.ts';
import { LoginThrottle } from '../server/sessions.ts';

const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'jiancha-lost-')), 'jiancha.db'));
const registry = await loadRegistry();
const decider = new Decider(registry);
await syncBureaus(db, registry);
const admin = await localAdministrator(db);
const code = jiangjinCode;
const PASSWORD = '演示密码-2024';

// a drawn campaign with a reviewer, set up before the server shares the connection
await storeEmployers(db, admin, 'chongqing-jiangjin', jiangjinEmployers(60), 'test');
const settings = JSON.parse(readFileSync(join(registry.get('chongqing-jiangjin').dir, 'campaign.example.json'), 'utf8'));
const campaign = await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
await assignJurisdiction(db, decider, admin, campaign.id);
await draw(db, decider, admin, campaign.id, '公开种子');
for (const [username, role] of [
  ['jj-admin', 'administrator'],
  ['jj-head', 'head'],
  ['jj-a', 'clerk'],
] as const) {
  await createUser(db, admin, { username, role, bureauId: 'cq-jiangjin', password: PASSWORD });
}
await assignReviewers(db, await actorFor(db, 'jj-head'), campaign.id, ['jj-a']);
const drawn = db.$client
  .prepare('SELECT e.credit_code FROM draw_members m JOIN employers e ON e.id = m.employer_id ORDER BY e.credit_code')
  .pluck()
  .all() as string[];

const app = createApp({ db, registry, decider, throttle: new LoginThrottle() });
const tokens = new Map<string, string>();
async function call(user: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const headers: Record<string, string> = { 'content-type': type };
  if (!tokens.has(user)) {
    const res = await app.request('/api/login', { method: 'POST', headers, body: JSON.stringify({ username: user, password: PASSWORD }) });
    tokens.set(user, ((await res.json()) as { token: string }).token);
  }
  headers.authorization = `Bearer ${tokens.get(user)}`;
  const res = await app.request(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

const HEADER = '统一社会信用代码,单位名称,单位类型,注册地行政区划代码,行业代码,职工人数,劳务派遣用工,上年度等级';
const ROWS = 30_000;
// good rows, then one bad credit code near the end: the whole import fails, after a while
const big = [
  HEADER,
  ...Array.from({ length: ROWS }, (_, i) => `${code(1000 + i)},江津导入${i}有限公司,企业,500116,1311,20,否,B`),
  `${code(0).slice(0, 17)}0,坏公司,企业,500116,1311,20,否,A`,
].join('\n');
const one = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params);

describe('writes served while a long step runs', () => {
  it('all survive the step’s failure, each with its audit row', async () => {
    const roster = Array.from({ length: 30 }, (_, i) => ({ id: `E${i}`, name: `职工${i}` }));
    let settled = false;
    const importing = call('jj-admin', 'POST', '/api/registry/import?name=big.csv', big, 'text/csv').finally(() => (settled = true));
    const acknowledged: { kind: 'user' | 'declaration' | 'review'; key: string; duringImport: boolean }[] = [];
    for (let i = 0; !settled || i < 3; i++) {
      const during = !settled;
      const user = await call('jj-admin', 'POST', '/api/users', { username: `clerk-${i}`, role: 'clerk', bureauId: 'cq-jiangjin' });
      if (user.status === 200) acknowledged.push({ kind: 'user', key: `clerk-${i}`, duringImport: during && !settled });
      const employer = drawn[i % drawn.length];
      if (i < drawn.length) {
        const declared = await call('jj-a', 'POST', `/api/campaigns/${campaign.id}/declarations/${employer}`, { basics: { insuredPension: 30 }, roster });
        if (declared.status === 200) acknowledged.push({ kind: 'declaration', key: employer, duringImport: during && !settled });
        const reviewed = await call('jj-a', 'POST', `/api/campaigns/${campaign.id}/reviews/${employer}`, { findings: [] });
        if (reviewed.status === 200) acknowledged.push({ kind: 'review', key: employer, duringImport: during && !settled });
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const failed = await importing;
    expect(failed.status).toBe(422);
    expect(failed.json.error.details[0].pointer).toBe(`/${ROWS + 2}/统一社会信用代码`);
    // the point of the test: writes were answered while the import was under way
    expect(acknowledged.filter((a) => a.duringImport).length).toBeGreaterThan(0);
    for (const a of acknowledged) {
      if (a.kind === 'user') {
        const row = one('SELECT id FROM users WHERE username = ?', a.key) as { id: number } | undefined;
        expect(row, `account ${a.key}`).toBeDefined();
        expect(one("SELECT 1 FROM audit_log WHERE entity = 'user' AND entity_id = ?", String(row!.id)), `audit of account ${a.key}`).toBeDefined();
      } else if (a.kind === 'declaration') {
        expect(
          one('SELECT 1 FROM declarations d JOIN employers e ON e.id = d.employer_id WHERE d.campaign_id = ? AND e.credit_code = ?', campaign.id, a.key),
          `declaration of ${a.key}`,
        ).toBeDefined();
        expect(
          one("SELECT 1 FROM audit_log WHERE entity = 'declaration' AND entity_id = ?", `${campaign.id}/${a.key}`),
          `audit of declaration ${a.key}`,
        ).toBeDefined();
      } else {
        const row = one(
          "SELECT r.id FROM reviews r JOIN employers e ON e.id = r.employer_id WHERE r.campaign_id = ? AND e.credit_code = ? AND r.status <> 'assigned'",
          campaign.id,
          a.key,
        ) as { id: number } | undefined;
        expect(row, `review of ${a.key}`).toBeDefined();
        expect(
          one("SELECT 1 FROM audit_log WHERE entity = 'review' AND action = 'record' AND entity_id = ?", String(row!.id)),
          `audit of review ${a.key}`,
        ).toBeDefined();
      }
    }
    // nothing of the failed import was kept
    expect(one('SELECT count(*) AS n FROM employers')).toEqual({ n: 60 });
  }, 120_000);
});
