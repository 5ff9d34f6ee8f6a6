/**
 * Issue 5's benchmark: the decision endpoint under load from a second process on loopback. The
 * server runs as `npm start` does (bin/server.js, a fresh SQLite file seeded with BENCH_API_EMPLOYERS
 * demo employers per region, 2,000 unless set), in a child process; autocannon drives it from this
 * one. Requests per second and latency percentiles, with the full trace and without (?explain=false),
 * and authenticated reads of a campaign's grade list: its first page, any page of 50 at random, and a
 * search. Each load with a target of issue 11 prints it and the measured rate as a ratio of it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../core/registry.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { loadRegistry } from '../core/registry.ts';
import { fmt, table, type BenchSuite } from './suite.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3999);
const PASSWORD = 'bench-password-1';
const EMPLOYERS = Number(process.env.BENCH_API_EMPLOYERS ?? 2000);

/** issue 11's targets: requests per second, and where it sets one, the p99 latency */
interface Target {
  perSecond: number;
  p99?: number;
}

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

export const api: BenchSuite = {
  name: 'api',
  title: `the HTTP API under load for ${SECONDS} s from a second process on loopback (autocannon, 10 connections)`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-api-bench-'));
    const server = spawn(process.execPath, [join(projectRoot, 'bin/server.js')], {
      env: {
        ...process.env,
        PORT: String(PORT),
        JIANCHA_DB: join(dir, 'bench.db'),
        JIANCHA_ADMIN_PASSWORD: PASSWORD,
        JIANCHA_DEMO_EMPLOYERS: String(EMPLOYERS),
      },
      stdio: 'ignore',
    });
    try {
      const base = `http://127.0.0.1:${PORT}`;
      // the console answers 200 once the demo is seeded (503 with a notice until then)
      await until(`${base}/`, 300_000);
      const login = await fetch(`${base}/api/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
      const { token } = (await login.json()) as { token: string };
      const registry = await loadRegistry();
      // a different employer in each request, from the same synthetic population as the other benches
      const bodies = [...syntheticPopulation(registry.get('chongqing-jiangjin'), 1000, 2024)].map((f) => JSON.stringify(f));
      const load = (title: string, path: string | (() => string), opts: { method?: 'GET' | 'POST'; headers?: Record<string, string>; target?: Target } = {}) =>
        new Promise<Record<string, string | number>>((resolve, reject) => {
          let i = 0;
          const pathOf = typeof path === 'string' ? () => path : path;
          autocannon(
            {
              url: `${base}${pathOf()}`,
              connections: 10,
              duration: SECONDS,
              method: opts.method ?? 'POST',
              headers: { 'content-type': 'application/json', ...opts.headers },
              requests: [
                {
                  setupRequest: (req) => (opts.method === 'GET' ? { ...req, path: pathOf() } : { ...req, body: bodies[i++ % bodies.length] }),
                },
              ],
            },
            (err, r) => {
              if (err) return reject(err);
              const { target } = opts;
              const met = target && r.requests.average >= target.perSecond && (target.p99 === undefined || r.latency.p99 <= target.p99);
              resolve({
                request: title,
                'requests/s': fmt(r.requests.average),
                'p50 ms': r.latency.p50,
                'p99 ms': r.latency.p99,
                target: target ? `≥ ${fmt(target.perSecond)}/s${target.p99 === undefined ? '' : `, p99 ≤ ${target.p99} ms`}` : '',
                'of target': target ? `${(r.requests.average / target.perSecond).toFixed(2)}× ${met ? 'pass' : 'FAIL'}` : '',
                'non-2xx': r.non2xx,
                errors: r.errors,
              });
            },
          );
        });
      const bearer = { authorization: `Bearer ${token}` };
      // the list's size and some of its names and credit codes, to ask for any page and to search
      const first = (await (await fetch(`${base}/api/campaigns/1/grades`, { headers: bearer })).json()) as {
        pages: number;
        rows: { creditCode: string; name: string }[];
      };
      const searches = first.rows.flatMap((r) => [r.name.slice(3, 5), r.creditCode.slice(0, 12)]).map(encodeURIComponent);
      const random = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
      const gradeList = { method: 'GET' as const, headers: bearer, target: { perSecond: 1000 } };
      const rows = [
        await load('POST decisions/grading (with trace)', '/api/plugins/chongqing-jiangjin/decisions/grading?at=2024-08-02', {
          target: { perSecond: 5000, p99: 20 },
        }),
        await load('POST decisions/grading?explain=false', '/api/plugins/chongqing-jiangjin/decisions/grading?at=2024-08-02&explain=false'),
        await load('POST decisions/jurisdiction', '/api/plugins/chongqing-jiangjin/decisions/jurisdiction?at=2024-08-02'),
        await load(`GET campaigns/1/grades, page 1 of ${first.pages} (50 rows, bearer)`, '/api/campaigns/1/grades', gradeList),
        await load('GET campaigns/1/grades?page=<any>', () => `/api/campaigns/1/grades?page=${1 + Math.floor(Math.random() * first.pages)}`, gradeList),
        await load('GET campaigns/1/grades?q=<part of a name or code>', () => `/api/campaigns/1/grades?q=${random(searches)}`, gradeList),
      ];
      table(rows);
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
