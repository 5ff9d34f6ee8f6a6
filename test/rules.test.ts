/**
 * Rule editing: a region administrator changes its own rulesets through the API; the edit is
 * schema-checked, the plugin's test cases must still pass, it is versioned with author and reason,
 * decisions use it at once, and it can be rolled back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { sha256 } from '../core/hash.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { loadRegistryWithEdits } from '../core/services/rulesetEdits.ts';
import { createUser } from '../core/services/users.ts';
import { createApp } from '../server/app.ts';
import { LoginThrottle } from '../server/sessions.ts';

const db = openDatabase(':memory:');
const registry = await loadRegistry();
await syncBureaus(db, registry);
const app = createApp({ db, registry, decider: new Decider(registry), throttle: new LoginThrottle() });
const PASSWORD = '规则管理员密码';
for (const [username, role, bureauId] of [
  ['jj-admin', 'administrator', 'cq-jiangjin'],
  ['jj-clerk', 'clerk', 'cq-jiangjin'],
  ['cj-admin', 'administrator', 'changji-prefecture'],
] as const) {
  await createUser(db, await localAdministrator(db), { username, role, bureauId, password: PASSWORD });
}
async function call(user: string, method: string, path: string, body?: unknown) {
  const login = await app.request('/api/login', { method: 'POST', body: JSON.stringify({ username: user, password: PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const res = await app.request(path, { method, headers: { authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

const FILE = 'rulesets/chongqing-jiangjin/sampling.json';
const shipped = readFileSync(join(projectRoot, FILE), 'utf8');
const base = () => JSON.parse(shipped);
const PATH = '/api/plugins/chongqing-jiangjin/rulesets/sampling';
const decideA = async () =>
  (
    await app.request('/api/plugins/chongqing-jiangjin/decisions/sampling?at=2024-08-02', {
      method: 'POST',
      body: JSON.stringify({ lastGrade: 'A', unitType: 'enterprise', headcount: 20, industryCode: '1311' }),
    })
  ).json() as Promise<any>;
const stratumA = (ruleset: any) => ruleset.rules.find((r: any) => r.event?.params?.stratum === 'A');

describe('editing a region’s rules', () => {
  it('refuses another region’s administrator and a clerk', async () => {
    expect((await call('cj-admin', 'PUT', PATH, { ruleset: base(), reason: '试图修改他区规则' })).status).toBe(403);
    expect((await call('jj-clerk', 'PUT', PATH, { ruleset: base(), reason: '经办人无权修改' })).status).toBe(403);
  });

  it('refuses a ruleset that breaks the schema, naming the file and pointer', async () => {
    const broken = base();
    stratumA(broken).event.params.bounds = { max: 1.5 };
    const res = await call('jj-admin', 'PUT', PATH, { ruleset: broken, reason: '比例写错的修改' });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0]).toMatchObject({ file: FILE });
    expect(res.json.error.details[0].pointer).toMatch(/\/rules\/\d+\/event\/params\/bounds\/max/);
  });

  it('refuses an edit its test cases no longer pass: A级企业不高于3% is pinned by the plugin’s cases', async () => {
    const looser = base();
    stratumA(looser).event.params.bounds = { max: 0.05 };
    const res = await call('jj-admin', 'PUT', PATH, { ruleset: looser, reason: '放宽A级抽查比例' });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/测试用例不通过，未保存/);
    expect((await call('jj-admin', 'GET', `${PATH}/versions`)).json).toEqual([]);
  });

  it('saves an edit as a version with author and reason; decisions use it at once; rollback restores the shipped rules', async () => {
    const before = await decideA();
    const edited = base();
    stratumA(edited).event.params.reason = '上一周期评为A级（守法诚信）';
    const saved = await call('jj-admin', 'PUT', PATH, { ruleset: edited, reason: '理由写得更清楚' });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ version: 1, file: FILE, reason: '理由写得更清楚' });
    const after = await decideA();
    expect(after.rulesetHash).not.toBe(before.rulesetHash);
    expect(after.result.reasons[0].reason).toBe('上一周期评为A级（守法诚信）');
    // another process (the CLI, a worker) loads the same edit from the database
    const reloaded = await loadRegistryWithEdits(db);
    expect(reloaded.get('chongqing-jiangjin').rulesets.find((r) => r.file === FILE)!.hash).toBe(saved.json.hash);

    const back = await call('jj-admin', 'POST', `${PATH}/rollback`, { to: 0, reason: '恢复原规则' });
    expect(back.json).toMatchObject({ version: 2, hash: sha256(shipped), reason: '回滚到版本 0：恢复原规则' });
    expect((await decideA()).rulesetHash).toBe(before.rulesetHash);
    const versions = (await call('jj-admin', 'GET', `${PATH}/versions`)).json;
    expect(versions.map((v: any) => [v.version, v.author])).toEqual([
      [1, 'jj-admin'],
      [2, 'jj-admin'],
    ]);
  });
});
