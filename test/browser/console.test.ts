/**
 * The console's main path in a real browser: Debian's chromium driven by playwright-core against the
 * app served on 127.0.0.1. .ci/run installs chromium when it is missing.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../../core/decide.ts';
import { openDatabase, schema } from '../../core/db/index.ts';
import { loadRegistry } from '../../core/registry.ts';
import { localAdministrator, now } from '../../core/services/actor.ts';
import { seedDemo } from '../../core/services/demo.ts';
import { createApp } from '../../server/app.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { LoginThrottle } from '../../server/sessions.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) throw new Error(`browser tests need chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);

let server: ServerType;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const db = openDatabase(':memory:');
  const registry = await loadRegistry();
  const decider = new Decider(registry);
  await seedDemo(db, decider, localAdministrator(db), { employers: 120 });
  db.insert(schema.users).values({ username: 'jiangjin', displayName: '江津区人社局经办人', role: 'clerk', bureauId: 'cq-jiangjin', passwordHash: await hashPassword('江津-测试-密码'), createdAt: now() }).run();
  const app = createApp({ db, registry, decider, throttle: new LoginThrottle() });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the bureau console in chromium', () => {
  it('logs in, opens its campaign, checks the draw and opens the notice', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) outside.push(r.url());
    });
    await page.goto(base);
    await page.fill('input[name=username]', 'jiangjin');
    await page.fill('input[name=password]', '江津-测试-密码');
    await page.click('button[type=submit]');
    await page.waitForSelector('table');
    // a district bureau sees its own campaign only
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.textContent('tbody')).toContain('重庆市江津区');

    await page.click('tbody a');
    await page.waitForSelector('.filters');
    expect(await page.textContent('h1')).toContain('2023年度书面审查与守法诚信等级评价');
    expect(await page.textContent('main')).toContain('江津区2023年度书面审查公开抽取');

    await page.click('text=重新核对抽取结果');
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toBe('抽取结果一致');

    await page.goto(`${base}/`);
    await page.click('tbody a');
    await page.click('text=通知（打印）');
    await page.waitForSelector('h1.doc-title');
    expect(await page.textContent('h1.doc-title')).toBe('关于做好2023年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知');
    expect(await page.textContent('.official')).toContain('按照A级企业不高于3%、B级企业不高于50%、C级企业不低于95%的比例');
    expect(outside).toEqual([]);
    await page.close();
  });

  it('a wrong password shows the error in Chinese and no session', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.fill('input[name=username]', 'jiangjin');
    await page.fill('input[name=password]', 'wrong');
    await page.click('button[type=submit]');
    await page.waitForSelector('.error');
    expect(await page.textContent('.error')).toBe('用户名或密码错误');
    await page.goto(`${base}/campaigns/1`);
    expect(await page.locator('input[name=password]').count()).toBe(1);
    await page.close();
  });
});
