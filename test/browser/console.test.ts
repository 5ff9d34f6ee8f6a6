/**
 * The console's main path in a real browser: Debian's chromium driven by playwright-core against the
 * app served on 127.0.0.1. .ci/run installs chromium when it is missing.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../../core/decide.ts';
import { openDatabase, schema } from '../../core/db/index.ts';
import { loadRegistry } from '../../core/registry.ts';
import { localAdministrator, now } from '../../core/services/actor.ts';
import { seedDemo } from '../../core/services/demo.ts';
import { createApp } from '../../server/app.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { LoginThrottle } from '../../server/sessions.ts';
import { createUser } from '../../core/services/users.ts';
import { makeCreditCode } from '../../core/creditCode.ts';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EMPLOYER = makeCreditCode('91', '500116', 'MB0000003');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) throw new Error(`browser tests need chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);

let server: ServerType;
let browser: Browser;
let base: string;
let db: ReturnType<typeof openDatabase>;

beforeAll(async () => {
  db = openDatabase(':memory:');
  const registry = await loadRegistry();
  const decider = new Decider(registry);
  await seedDemo(db, decider, await localAdministrator(db), { employers: 120 });
  db.insert(schema.users)
    .values({
      username: 'jiangjin',
      displayName: '江津区人社局经办人',
      role: 'clerk',
      bureauId: 'cq-jiangjin',
      passwordHash: await hashPassword('江津-测试-密码'),
      createdAt: now(),
    })
    .run();
  const admin = await localAdministrator(db);
  await createUser(db, admin, {
    username: 'jj-admin',
    displayName: '江津区人社局管理员',
    role: 'administrator',
    bureauId: 'cq-jiangjin',
    password: '江津-测试-密码',
  });
  const app = createApp({ db, registry, decider, throttle: new LoginThrottle() });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
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
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function login(page: Page, username: string) {
  await page.goto(base);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', '江津-测试-密码');
  await page.click('button[type=submit]');
  await page.waitForSelector('table');
}

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
    await page.waitForSelector('.ok');
    expect(await page.textContent('.ok')).toMatch(/^抽取结果一致/);

    await page.goto(`${base}/`);
    await page.click('tbody a');
    await page.getByRole('link', { name: '通知（打印）' }).click();
    await page.waitForSelector('h1.doc-title');
    expect(await page.textContent('h1.doc-title')).toBe('关于做好2023年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知');
    expect(await page.textContent('.official')).toContain('按照A级企业不高于3%、B级企业不高于50%、C级企业不低于95%的比例');
    expect(outside).toEqual([]);
    await page.close();
  });

  it('an administrator imports a registry, creates a campaign, assigns, draws and grades it, and opens its notice', async () => {
    const page = await browser.newPage();
    await login(page, 'jj-admin');
    const csv = join(mkdtempSync(join(tmpdir(), 'jiancha-ui-')), '登记册.csv');
    const rows = Array.from(
      { length: 12 },
      (_, i) => `${makeCreditCode('91', '500116', `MB${String(i).padStart(7, '0')}`)},界面测试${i}有限公司,企业,500116,4811,25,否,B,023-1234`,
    );
    writeFileSync(csv, ['统一社会信用代码,单位名称,单位类型,注册地行政区划代码,行业代码,职工人数,劳务派遣用工,上年度等级,联系电话', ...rows].join('\n'));
    await page.setInputFiles('input[name=file]', csv);
    await page.click('form[action="/registry/import"] button');
    await page.waitForSelector('text=已完成');
    expect(await page.textContent('main')).toContain('12');
    // the column no fact names is shown to the clerk, not dropped without a word
    expect(await page.textContent('.warning')).toContain('列「联系电话」不在事实词汇表中，该列未导入');
    await page.click('text=返回');

    await page.click('a:has-text("新建重庆市江津区活动")');
    await page.click('button:has-text("创建活动")');
    await page.waitForSelector('.ok');
    expect(await page.textContent('.ok')).toMatch(/已创建活动 \d+/);
    // each step that cannot be undone asks first, with its counts
    await page.click('button:has-text("划分管辖")');
    expect(await page.textContent('main')).toMatch(/按管辖规则划分登记册中 \d+ 家用人单位的管辖/);
    await page.click('button:has-text("确认划分管辖")');
    await page.waitForSelector('text=已完成');
    await page.click('text=返回');
    await page.fill('input[name=seed]', '界面测试种子');
    await page.click('button:has-text("抽取审查名单")');
    expect(await page.textContent('main')).toContain('抽取后名单即确定，不能重新抽取');
    // the seed typed comes along to the confirmation
    expect(await page.inputValue('input[name=seed]')).toBe('界面测试种子');
    await page.click('button:has-text("确认抽取审查名单")');
    await page.waitForSelector('.ok');
    // 建筑业 is a key industry: all twelve are drawn, beside the demo registry's
    expect(await page.textContent('.ok')).toMatch(/已抽取 \d+ 家/);
    await page.click('button:has-text("评价等级（初评）")');
    // nobody has declared: the clerk is told before declarations close for all
    expect(await page.textContent('.error')).toMatch(/(\d+) 家尚未申报（申报截止 \d{4}-\d{2}-\d{2}），评价后不能再申报/);
    expect(await page.textContent('.error')).toContain('尚未导入年度记录');
    await page.click('button:has-text("确认评价等级")');
    await page.waitForSelector('text=已完成');
    await page.click('text=返回');
    expect(await page.textContent('main')).toContain('已初评');
    expect(await page.textContent('table')).toContain('本年度未实施劳动保障监察的企业不产生评级结果');

    await page.getByRole('link', { name: '通知（打印）' }).click();
    await page.waitForSelector('h1.doc-title');
    expect(await page.textContent('h1.doc-title')).toContain('2023年度劳动保障监察书面审查');
    await page.close();
  });

  it('a bureau deletes a mistaken campaign before its draw, after confirming', async () => {
    const page = await browser.newPage();
    await login(page, 'jj-admin');
    await page.click('a:has-text("新建重庆市江津区活动")');
    await page.click('button:has-text("创建活动")');
    await page.waitForSelector('.ok');
    const id = (await page.textContent('.ok'))!.match(/已创建活动 (\d+)/)![1];
    await page.click('button:has-text("删除本活动")');
    expect(await page.textContent('main')).toContain(`删除活动 ${id}`);
    await page.click('text=返回，不删除活动（抽取前）');
    expect(await page.textContent('h1')).toContain('书面审查与守法诚信等级评价');
    await page.click('button:has-text("删除本活动")');
    await page.click('button:has-text("确认删除活动（抽取前）")');
    await page.waitForSelector('.ok');
    expect(await page.textContent('.ok')).toBe(`已删除活动 ${id}`);
    expect((await page.goto(`${base}/campaigns/${id}`))?.status()).toBe(404);
    await page.close();
  });

  it('an employer sees its own page in the campaign, and nobody else’s', async () => {
    // an employer account is made for an employer of the bureau's registry: the one the previous test imported
    await createUser(db, await localAdministrator(db), {
      username: 'emp',
      role: 'employer',
      creditCode: EMPLOYER,
      region: 'chongqing-jiangjin',
      password: '江津-测试-密码',
    });
    const page = await browser.newPage();
    await login(page, 'emp');
    await page.click('tbody a');
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toBe('界面测试3有限公司');
    expect(await page.textContent('main')).toContain('书面材料清单');
    const other = await page.goto(`${base}${new URL(page.url()).pathname.replace(EMPLOYER, makeCreditCode('91', '500116', 'MB0000004'))}`);
    expect(other?.status()).toBe(404);
    expect(await page.textContent('.error')).toMatch(/本辖区没有统一社会信用代码为 \S+ 的用人单位/);
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
    // the user name typed stays, the password does not
    expect(await page.inputValue('input[name=username]')).toBe('jiangjin');
    expect(await page.inputValue('input[name=password]')).toBe('');
    await page.goto(`${base}/campaigns/1`);
    expect(await page.locator('input[name=password]').count()).toBe(1);
    await page.close();
  });
});
