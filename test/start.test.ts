/**
 * npm start as a bureau runs it: bin/server.js (compiled from dist/ after npm install) on an empty
 * database answers its first page while the demo is seeded, then serves the console and the API.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../core/projectRoot.ts';

let server: ChildProcess | undefined;
afterAll(() => server?.kill());

function start(): Promise<{ base: string; output: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'jiancha-start-'));
  server = spawn(process.execPath, [join(projectRoot, 'bin/server.js')], {
    cwd: dir,
    env: { ...process.env, JIANCHA_DB: join(dir, 'j.db'), PORT: '0', JIANCHA_DEMO_EMPLOYERS: '40' },
  });
  let out = '';
  server.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    server!.stdout!.on('data', (d) => {
      out += d;
      const url = /已启动: (http:\/\/\S+?)\//.exec(out)?.[1];
      if (url) resolve({ base: url, output: () => out });
    });
    server!.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

describe('npm start', () => {
  it('listens, prints each demo account, seeds the demo and serves the API document and the console', async () => {
    const { base, output } = await start();
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { info: { version: string } };
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    // the console answers at once: a notice while the demo is seeded, then the login page
    let page = await fetch(`${base}/`);
    const notices: string[] = [];
    for (let i = 0; page.status === 503 && i < 200; i++) {
      notices.push(await page.text());
      await new Promise((r) => setTimeout(r, 100));
      page = await fetch(`${base}/`);
    }
    expect(page.status).toBe(200);
    // each notice says what the server is doing, and the step it names done is one the terminal printed
    for (const notice of notices) {
      expect(notice).toContain('正在生成演示数据');
      const step = /最近完成：([^<]+)/.exec(notice)?.[1];
      if (step) expect(output()).toContain(`  ${step}\n`);
    }
    expect(await page.text()).toContain('登录');
    expect(output()).toMatch(/演示账号 jiangjin（江津区人社局经办人）一次性密码/);
  }, 60_000);
});
