/**
 * Jobs are kept in the database: another process (here, a new app over the same file) answers for a
 * job, and one left running by a process that ended shows as interrupted after the restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../core/creditCode.ts';
import { Decider } from '../core/decide.ts';
import { openDatabase, type Db } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createUser } from '../core/services/users.ts';
import { createApp } from '../server/app.ts';
import { markInterruptedJobs } from '../server/jobs.ts';
import { LoginThrottle } from '../server/sessions.ts';

const file = join(mkdtempSync(join(tmpdir(), 'jiancha-jobs-')), 'jiancha.db');
const registry = await loadRegistry();
const first = openDatabase(file);
await syncBureaus(first, registry);
const PASSWORD = '演示密码-2024';
await createUser(first, await localAdministrator(first), { username: 'jj-admin', role: 'administrator', bureauId: 'cq-jiangjin', password: PASSWORD });

function client(db: Db) {
  const app = createApp({ db, registry, decider: new Decider(registry), throttle: new LoginThrottle() });
  let token = '';
  return async (method: string, path: string, body?: string) => {
    if (!token) {
      const res = await app.request('/api/login', { method: 'POST', body: JSON.stringify({ username: 'jj-admin', password: PASSWORD }) });
      token = ((await res.json()) as { token: string }).token;
    }
    const res = await app.request(path, { method, body, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } });
    return (await res.json()) as any;
  };
}

const code = (i: number) => makeCreditCode('91', '500116', `MA${String(i).padStart(7, '0')}`);
const registryFile = (n: number, from = 0) =>
  [
    '统一社会信用代码,单位名称,单位类型,注册地行政区划代码,行业代码,职工人数,劳务派遣用工,上年度等级',
    ...Array.from({ length: n }, (_, i) => `${code(from + i)},江津任务${from + i}有限公司,企业,500116,1311,20,否,B`),
  ].join('\n');

async function untilEnded(call: ReturnType<typeof client>, id: string) {
  for (;;) {
    const job = await call('GET', `/api/jobs/${id}`);
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('jobs kept in the database', () => {
  it('answers for a job from another app over the same file, and shows one cut off by a restart as interrupted', async () => {
    const before = client(first);
    const small = (await before('POST', '/api/registry/import?name=small.csv&async=true', registryFile(10))).job;
    expect(await untilEnded(before, small.id)).toMatchObject({ status: 'done', result: { rows: 10, inserted: 10 } });
    const cut = (await before('POST', '/api/registry/import?name=big.csv&async=true', registryFile(20_000, 100))).job;
    expect(cut.status).toBe('running');

    // the restart: a new server over the same file, as main.ts starts one
    const second = openDatabase(file);
    expect(markInterruptedJobs(second)).toBe(1);
    const after = client(second);
    expect(await after('GET', `/api/jobs/${small.id}`)).toMatchObject({ status: 'done', what: '导入登记册', result: { rows: 10, inserted: 10 } });
    const interrupted = await after('GET', `/api/jobs/${cut.id}`);
    expect(interrupted).toMatchObject({ status: 'interrupted', error: { code: 'interrupted' } });
    expect(interrupted.error.message).toMatch(/任务已中断/);
    // the old process's worker ending later does not make it look finished
    await untilEnded(before, cut.id);
    expect((await after('GET', `/api/jobs/${cut.id}`)).status).toBe('interrupted');
    expect((await after('GET', '/api/jobs/no-such-job')).error.code).toBe('not-found');
  }, 60_000);
});
