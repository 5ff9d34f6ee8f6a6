/**
 * The app served on 127.0.0.1 and Debian's chromium driven by playwright-core, for the browser tests;
 * .ci/run installs chromium when it is missing. Screenshots go to JIANCHA_SHOTS when set.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Page } from 'playwright-core';
import type { Decider } from '../../core/decide.ts';
import type { Db } from '../../core/db/index.ts';
import type { Registry } from '../../core/registry.ts';
import { createApp } from '../../server/app.ts';
import { LoginThrottle } from '../../server/sessions.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const PASSWORD = '江津-测试-密码';

export async function startConsole(deps: { db: Db; registry: Registry; decider: Decider }) {
  if (!existsSync(CHROMIUM)) throw new Error(`browser tests need chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  const app = createApp({ ...deps, throttle: new LoginThrottle() });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // a Chinese user's browser (Accept-Language: zh-CN), at a laptop's 1366×768 unless told
  const newPage = (viewport = { width: 1366, height: 768 }) => browser.newPage({ viewport, locale: 'zh-CN' });
  return {
    base,
    newPage,
    /** a page at a laptop's 1366×768, logged in as `username` */
    async as(username: string): Promise<Page> {
      const page = await newPage();
      await page.goto(base);
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('table');
      return page;
    },
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}

/**
 * The whole page as a picture, where JIANCHA_SHOTS names a folder (to look at, not compared); with
 * `part`, only the part of the page that selector names.
 */
export async function screenshot(page: Page, name: string, part?: string): Promise<void> {
  const dir = process.env.JIANCHA_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  if (part) await page.locator(part).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
}
