/**
 * Issue 10's benchmark: the latency of a light write (a declaration POST, from a second process with
 * autocannon) while long steps of 100,000 employers run on the same server: a registry import, a
 * verify-draw and a grading run, one after the other, each as a synchronous request. The server runs
 * as `npm start` does, over a file prepared in this process (registry imported, assigned, drawn).
 * Target: p99 ≤ 200 ms during every step.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { draw } from '../core/services/draw.ts';
import { importEmployers } from '../core/services/employerImport.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { createUser } from '../core/services/users.ts';
import { writeCsv } from './lifecycle.bench.ts';
import { table, type BenchSuite } from './suite.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const PORT = Number(process.env.BENCH_BUSY_PORT ?? 3101);
const PASSWORD = 'bench-password-1';
const TARGET_P99_MS = 200;

async function until(url: string, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
  }
  throw new Error(`the server did not answer ${url} within ${ms} ms`);
}

export const busy: BenchSuite = {
  name: 'busy',
  title: `a declaration POST (autocannon, 4 connections) while long steps of ${N.toLocaleString('en-US')} employers run (target p99 ≤ ${TARGET_P99_MS} ms)`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-busy-bench-'));
    const file = join(dir, 'bench.db');
    const registry = await loadRegistry();
    const plugin = registry.get('chongqing-jiangjin');
    await writeCsv(plugin, N, join(dir, 'registry.csv'));
    // the campaign drawn beforehand, outside the figures
    const db = openDatabase(file);
    await syncBureaus(db, registry);
    const admin = await localAdministrator(db);
    const decider = new Decider(registry);
    await importEmployers(db, registry, admin, createReadStream(join(dir, 'registry.csv')), 'csv', 'registry.csv', undefined, 'chongqing-jiangjin');
    const settings = JSON.parse(readFileSync(join(projectRoot, 'plugins/chongqing-jiangjin/campaign.example.json'), 'utf8'));
    const campaign = await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, 'bench seed');
    // declarations go to a second campaign, which the grading run of the first leaves open to them
    const declaringIn = await createCampaign(db, registry, admin, {
      plugin: 'chongqing-jiangjin',
      year: 2024,
      bureau: 'cq-jiangjin',
      settings: { ...settings, year: 2024, title: settings.title.replace('2023', '2024') },
    });
    await assignJurisdiction(db, decider, admin, declaringIn.id);
    await draw(db, decider, admin, declaringIn.id, 'bench seed 2');
    await createUser(db, admin, { username: 'bench-clerk', role: 'clerk', bureauId: 'cq-jiangjin', password: PASSWORD });
    const drawn = db.$client
      .prepare(
        'SELECT e.credit_code FROM draw_members m JOIN draws d ON d.id = m.draw_id JOIN employers e ON e.id = m.employer_id WHERE d.campaign_id = ? LIMIT 500',
      )
      .pluck()
      .all(declaringIn.id) as string[];
    db.$client.close();

    const server = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'server/main.ts')], {
      env: { ...process.env, PORT: String(PORT), JIANCHA_DB: file, JIANCHA_ADMIN_PASSWORD: PASSWORD },
      stdio: 'ignore',
    });
    try {
      const base = `http://127.0.0.1:${PORT}`;
      await until(`${base}/api/plugins`, 120_000);
      const token = async (username: string) =>
        ((await (await fetch(`${base}/api/login`, { method: 'POST', body: JSON.stringify({ username, password: PASSWORD }) })).json()) as { token: string })
          .token;
      const adminToken = await token('admin');
      const clerkToken = await token('bench-clerk');
      const body = JSON.stringify({ basics: { insuredPension: 20 }, roster: Array.from({ length: 20 }, (_, i) => ({ id: `E${i}`, name: `职工${i}` })) });
      const csv = readFileSync(join(dir, 'registry.csv'));

      /** declarations under load until `during` ends (or for 5 s without a step) */
      const declaring = async (label: string, during?: () => Promise<Response>) => {
        let i = 0;
        const start = Date.now();
        let answer = '';
        const result = await new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url: `${base}/api/campaigns/${declaringIn.id}/declarations/${drawn[0]}`,
              connections: 4,
              duration: during ? 600 : 5,
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${clerkToken}` },
              requests: [{ setupRequest: (req) => ({ ...req, path: `/api/campaigns/${declaringIn.id}/declarations/${drawn[i++ % drawn.length]}`, body }) }],
            },
            (err, r) => (err ? reject(err) : resolve(r)),
          );
          during?.().then(
            async (res) => {
              answer = `${res.status}`;
              instance.stop();
            },
            (err) => {
              answer = String(err);
              instance.stop();
            },
          );
        });
        return {
          while: label,
          'step s': during ? ((Date.now() - start) / 1000).toFixed(1) : '-',
          'step answer': answer || '-',
          declarations: result.requests.total,
          'p50 ms': result.latency.p50,
          'p99 ms': result.latency.p99,
          'max ms': result.latency.max,
          'non-2xx': result.non2xx,
          target: result.latency.p99 <= TARGET_P99_MS ? 'met' : 'missed',
        };
      };
      const step =
        (path: string, init: RequestInit = {}) =>
        () =>
          fetch(`${base}${path}`, { method: 'POST', ...init, headers: { authorization: `Bearer ${adminToken}`, ...init.headers } });
      table([
        await declaring('nothing else'),
        await declaring(
          `registry import (${N.toLocaleString('en-US')} rows CSV, re-import)`,
          step('/api/registry/import?name=registry.csv&region=chongqing-jiangjin', { body: csv, headers: { 'content-type': 'text/csv' } }),
        ),
        await declaring('verify-draw', step(`/api/campaigns/${campaign.id}/verify-draw`)),
        await declaring('grading run', step(`/api/campaigns/${campaign.id}/grading`)),
      ]);
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
