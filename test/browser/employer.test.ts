/**
 * The employer's side of the console in chromium, at phone width (390 px) as an employer uses it:
 * first login with the one-time password of the letter its bureau printed, the deadline before declaring, the declaration, the checklist
 * naming the staff drawn, uploads (refused when not PDF/JPG/PNG), a rectification submitted, and every
 * employer page without horizontal overflow; the reviewer sees the files. Screenshots go to
 * $JIANCHA_SHOTS when set (harness.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../../core/services/actor.ts';
import { listGrades } from '../../core/services/grades.ts';
import { runGrading } from '../../core/services/gradingRun.ts';
import { approveReview, recordReview } from '../../core/services/reviews.ts';
import { createUser } from '../../core/services/users.ts';
import { drawnChangji } from '../fixtures/changji.ts';
import { alone } from '../../server/turns.ts';
import { PASSWORD, screenshot, startConsole } from './harness.ts';

const PHONE = { width: 390, height: 844 };
/** the employer's own password, chosen at its first login */
const EMPLOYER_PASSWORD = '昌吉-申报单位-新密码';

let w: Awaited<ReturnType<typeof drawnChangji>>;
let browser: Awaited<ReturnType<typeof startConsole>>;
let base: string;
let code: string;
let oneTime: string;

beforeAll(async () => {
  // a day in the 昌吉 declaration period (通知 2025-03-03, 申报至 2025-04-30), as the server's clock
  process.env.JIANCHA_TODAY = '2025-03-10';
  w = await drawnChangji();
  [code] = w.drawnOf('changji-city');
  for (const [username, role] of [
    ['city-clerk', 'clerk'],
    ['city-head', 'head'],
    ['city-admin', 'administrator'],
  ] as const)
    await createUser(w.db, w.admin, { username, role, bureauId: 'changji-city', password: PASSWORD });
  browser = await startConsole(w);
  base = browser.base;
});

afterAll(async () => {
  delete process.env.JIANCHA_TODAY;
  await browser?.close();
});

/** The page is no wider than the screen: nothing to scroll sideways. */
async function fitsWidth(page: Page, what: string) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `${what}: ${scroll}px wide on a ${width}px screen`).toBeLessThanOrEqual(width);
  await screenshot(page, what);
}

async function login(page: Page, username: string, password: string) {
  await page.goto(base);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

describe('accounts in chromium', () => {
  it('a clerk opens accounts for its drawn employers in a batch and gets one letter each with its one-time password', async () => {
    const desk = await browser.as('city-clerk');
    await desk.goto(`${base}/campaigns/${w.campaign.id}`);
    await desk.click('text=用人单位账号（开设、打印通知书、重置）');
    const drawn = w.drawnOf('changji-city').length;
    expect(await desk.textContent('main .card p')).toBe(`本局及下级管辖的已抽取用人单位 ${drawn} 家，已开设账号 0 家，尚无账号 ${drawn} 家。`);
    await desk.fill('input[name=limit]', '3');
    const [response] = await Promise.all([desk.waitForResponse((r) => r.request().method() === 'POST'), desk.click('text=开设账号并生成通知书')]);
    expect(response.headers()['cache-control']).toBe('no-store');
    expect(await desk.locator('article.letter').count()).toBe(3);
    expect(await desk.textContent('.warning')).toContain(`还有 ${drawn - 3} 家尚无账号`);
    const first = desk.locator('article.letter').first();
    expect(await first.textContent()).toContain(`统一社会信用代码：${code}`);
    expect(await first.textContent()).toContain('申报截止2025年4月30日（活动结束日期）');
    expect(await first.locator('dd.code').first().textContent()).toBe(code);
    oneTime = (await first.locator('dd.password').textContent())!;
    expect(oneTime).toMatch(/^[2-9A-HJ-NP-Za-km-z]{6}-[2-9A-HJ-NP-Za-km-z]{6}-[2-9A-HJ-NP-Za-km-z]{6}$/);
    await screenshot(desk, 'clerk-letters');
    await Promise.all([desk.waitForURL(/\/accounts$/), desk.click('a:text-is("返回")')]);
    expect(await desk.textContent('main .card p')).toContain('已开设账号 3 家');
    await desk.close();
  });

  it('an administrator opens a staff account, reads its letter, and disables it', async () => {
    const desk = await browser.as('city-admin');
    await desk.click('text=工作人员账号管理');
    await desk.fill('input[name=username]', 'city-new');
    await desk.fill('input[name=displayName]', '新来的经办人');
    await desk.click('button:has-text("开设账号")');
    expect(await desk.textContent('article.letter')).toContain('新来的经办人（昌吉市人力资源和社会保障局经办人）');
    expect((await desk.textContent('article.letter dd.password'))!.length).toBeGreaterThanOrEqual(16);
    await Promise.all([desk.waitForURL(/\/accounts$/), desk.click('a:text-is("返回")')]);
    const row = desk.locator('tr', { hasText: 'city-new' });
    expect(await row.textContent()).toContain('待首次登录');
    await row.locator('text=停用').click();
    await desk.waitForSelector('.ok');
    expect(await desk.textContent('.ok')).toBe('已停用 city-new，其登录已全部退出');
    expect(await desk.locator('tr', { hasText: 'city-new' }).textContent()).toContain('已停用');
    await screenshot(desk, 'admin-accounts');
    await desk.close();
  });
});

describe('the employer in chromium at 390 px', () => {
  let phone: Page;

  it('changes its one-time password at the first login, then sees its campaign', async () => {
    phone = await browser.newPage(PHONE);
    await phone.goto(base);
    await fitsWidth(phone, 'employer-login');
    await login(phone, code, oneTime);
    await phone.waitForSelector('input[name=new]');
    expect(await phone.textContent('main')).toContain('您使用的是一次性密码');
    await fitsWidth(phone, 'employer-password');
    // every other page waits for the new password
    await phone.goto(`${base}/campaigns/${w.campaign.id}/employers/${code}`);
    expect(phone.url()).toContain('/password');
    await phone.fill('input[name=current]', oneTime);
    await phone.fill('input[name=new]', EMPLOYER_PASSWORD);
    await phone.fill('input[name=repeat]', EMPLOYER_PASSWORD);
    await phone.click('main button[type=submit]');
    await phone.waitForSelector('.ok');
    await fitsWidth(phone, 'employer-campaigns');
  });

  it('reads the deadline before declaring, declares, and reads its checklist naming the staff drawn', async () => {
    await phone.click('tbody a');
    await phone.waitForSelector('textarea[name=roster]');
    // 昌吉 sets no working days but the campaign's end: 2025-03-11 … 04-30 are 37 working days
    // (3月15个; 4月22个: 清明4月4日休, 4月27日周日补班)
    expect(await phone.textContent('.deadline')).toBe('申报截止：2025年4月30日（活动结束日期）。距截止还有 37 个工作日。');
    await fitsWidth(phone, 'employer-before-declaring');
    const roster = Array.from({ length: 12 }, (_, i) => `G${i + 1},职工${i + 1}`).join('\n');
    await phone.fill('textarea[name=roster]', roster);
    await phone.click('text=提交申报');
    await phone.waitForSelector('#checklist');
    expect(await phone.textContent('.ok')).toMatch(/^已申报，抽查职工 \d+ 人$/);
    const staff = await phone.textContent('#checklist p:has-text("系统抽中人员")');
    expect(staff).toMatch(/^系统抽中人员（\d+人）：职工\d+（G\d+）/);
    expect(await phone.textContent('#checklist')).toMatch(/平台上传：已上传 0 \/ \d+ 项/);
    await fitsWidth(phone, 'employer-checklist');
  });

  it('uploads a PDF for an item, which the checklist then counts, and is told in Chinese that a renamed program is no PDF', async () => {
    const required = Number((await phone.textContent('#checklist .warning'))!.match(/\/ (\d+) 项/)![1]);
    // sent without a file, the upload is refused in Chinese, naming the item (fieldMessages.js)
    const item = (await phone.getAttribute('form.upload >> nth=0 >> input[type=file]', 'aria-label'))!;
    await phone.click('form.upload >> nth=0 >> button');
    expect(await phone.locator('form.upload >> nth=0 >> input[type=file]').evaluate((el: HTMLInputElement) => el.validationMessage)).toBe(
      `请选择文件：${item}`,
    );
    expect(await phone.textContent('#checklist')).toContain(`${item}`);
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    await phone.setInputFiles('form.upload >> nth=0 >> input[type=file]', { name: '营业执照.pdf', mimeType: 'application/pdf', buffer: pdf });
    await phone.click('form.upload >> nth=0 >> button');
    await phone.waitForSelector('.ok');
    expect(await phone.textContent('.ok')).toMatch(/^已上传 营业执照\.pdf（\d+ KB，SHA-256 [0-9a-f]{12}…）$/);
    expect(await phone.textContent('#checklist')).toContain(`平台上传：已上传 1 / ${required} 项`);
    expect(await phone.locator('ul.files a').first().textContent()).toBe('营业执照.pdf');
    await phone.setInputFiles('form.upload >> nth=1 >> input[type=file]', {
      name: '合同.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ\x90\x00 program'),
    });
    await phone.click('form.upload >> nth=1 >> button');
    await phone.waitForSelector('p.error');
    expect(await phone.textContent('p.error')).toBe('文件“合同.pdf”不是 PDF、PNG、JPG 文件（按文件内容判断，不看扩展名）');
    expect(await phone.textContent('#checklist')).toContain(`平台上传：已上传 1 / ${required} 项`);
    await fitsWidth(phone, 'employer-uploaded');
  });

  it('shows the reviewer the employer’s files', async () => {
    const desk = await browser.as('city-clerk');
    await desk.goto(`${base}/campaigns/${w.campaign.id}/employers/${code}`);
    const link = desk.locator('ul.files a', { hasText: '营业执照.pdf' });
    expect(await link.count()).toBe(1);
    const download = await Promise.all([desk.waitForEvent('download'), link.click()]);
    expect(download[0].suggestedFilename()).toBe('营业执照.pdf');
    await screenshot(desk, 'reviewer-employer');
    await desk.close();
  });

  it('submits its rectification with the button on screen, and every page it reaches fits 390 px', async () => {
    const clerk = await actorFor(w.db, 'city-clerk');
    const item = w.registry.get('xinjiang-changji').reviewItems()[0].item;
    await recordReview(w.db, w.decider, clerk, w.campaign.id, code, {
      findings: [{ item, severity: 'minor', note: '部分劳动合同未约定工作地点' }],
      undetermined: false,
    });
    await approveReview(w.db, await actorFor(w.db, 'city-head'), w.campaign.id, code);
    await phone.goto(`${base}/campaigns/${w.campaign.id}/employers/${code}`);
    const button = phone.locator('button', { hasText: '提交整改' });
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    // the review is approved: no more uploads
    expect(await phone.locator('form.upload').count()).toBe(0);
    await fitsWidth(phone, 'employer-rectification');
    await phone.fill('input[name=evidence]', '已与全部职工补签工作地点条款');
    await button.click();
    await phone.waitForSelector('.ok');
    expect(await phone.textContent('table.stack')).toContain('已提交整改');
    for (const path of ['/', `/campaigns/${w.campaign.id}`, `/campaigns/${w.campaign.id}/reviews`, `/campaigns/${w.campaign.id}/plans`, '/password']) {
      await phone.goto(`${base}${path}`);
      await fitsWidth(phone, `employer${path.replace(/\W+/g, '-')}`);
    }
    // the campaign's page keeps the bureau's counts of its employers' year records from the employer
    await phone.goto(`${base}/campaigns/${w.campaign.id}`);
    expect(await phone.textContent('main')).toContain('申报截止');
    expect(await phone.textContent('main')).not.toContain('年度记录');
  });

  it('reads its own grade on the campaign page, with the draw but none of the bureau’s list or filters', async () => {
    // the served in-memory connection: a step runs on it alone (server/turns.ts)
    await alone(w.db.$client, () => runGrading(w.db, w.decider, w.admin, w.campaign.id));
    const [own] = listGrades(w.db, w.admin, w.campaign.id).filter((g) => g.creditCode === code);
    await phone.goto(`${base}/campaigns/${w.campaign.id}`);
    const card = phone.locator('section.own-grade');
    expect(await card.textContent()).toContain(own.name);
    for (const r of own.reasons) expect(await card.textContent()).toContain(r.reason);
    // the draw is public: its seed and digests stay for the employer to check
    expect(await phone.textContent('main')).toContain('昌吉测试公开种子');
    // its list holds its own row alone: no filter by the bureau's jurisdiction or strata, no sheet of the list
    expect(await phone.locator('select[name=bureau], select[name=stratum], nav.filters').count()).toBe(0);
    expect(await phone.textContent('main')).not.toContain('抽取层级');
    await fitsWidth(phone, 'employer-campaign-graded');
    // nor on its reviews and plans, which list its own row alone too
    for (const tab of ['reviews', 'plans']) {
      await phone.goto(`${base}/campaigns/${w.campaign.id}/${tab}`);
      expect(await phone.locator('select[name=bureau], select[name=stratum]').count(), tab).toBe(0);
    }
  });
});
