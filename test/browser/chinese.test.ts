/**
 * The console speaks Chinese in an English Chromium too (issue 12): Chromium draws a file input's
 * button and a date's empty field in the browser's language ("Choose File", "No file chosen",
 * "mm/dd/yyyy"), whatever the page's lang, so the console gives the file input its own button and
 * file name (fileInput.js, served from the app as its content security policy allows) and a date
 * a Chinese text field for 年-月-日 (dateOrder.js). It words a field's refusal in its language too
 * ("Please fill out this field."), so each field's is set in Chinese with the field's name
 * (fieldMessages.js). Set JIANCHA_SHOTS=DIR to look at them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../core/services/campaign.ts';
import { draw } from '../../core/services/draw.ts';
import { assignJurisdiction } from '../../core/services/jurisdictionRun.ts';
import { createUser } from '../../core/services/users.ts';
import { jiangjinCode, jiangjinDatabase } from '../fixtures/jiangjin.ts';
import { exampleSettings } from '../fixtures/project.ts';
import type { Page } from 'playwright-core';
import { PASSWORD, screenshot, startConsole } from './harness.ts';

let app: Awaited<ReturnType<typeof startConsole>>;
let campaignId: number;

beforeAll(async () => {
  // every one in a key industry: all drawn
  const { db, registry, decider, admin } = await jiangjinDatabase(4);
  await createUser(db, admin, { username: 'jj-clerk', displayName: '江津区人社局经办人', role: 'clerk', bureauId: 'cq-jiangjin', password: PASSWORD });
  await createUser(db, admin, { username: 'jj-admin', displayName: '江津区人社局管理员', role: 'administrator', bureauId: 'cq-jiangjin', password: PASSWORD });
  const c = await createCampaign(db, registry, admin, {
    plugin: 'chongqing-jiangjin',
    year: 2023,
    bureau: 'cq-jiangjin',
    settings: exampleSettings('chongqing-jiangjin'),
  });
  await assignJurisdiction(db, decider, admin, c.id);
  await draw(db, decider, admin, c.id, '中文控件测试种子');
  campaignId = c.id;
  app = await startConsole({ db, registry, decider });
});

afterAll(async () => {
  await app?.close();
});

describe('the console’s own widgets in Chinese', () => {
  it('gives a file input the button 选择文件 and the chosen file’s name, 未选择文件 before one is chosen', async () => {
    const page = await app.as('jj-clerk');
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.reload();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const form = 'form[action="/registry/import"]';
    // the script ran (the policy lets the app's own scripts run): the label is enhanced
    await page.waitForSelector(`${form} label.file.enhanced`);
    expect(errors).toEqual([]);
    expect(await page.isVisible(`${form} .file-button`)).toBe(true);
    expect(await page.textContent(`${form} .file-button`)).toBe('选择文件');
    expect(await page.textContent(`${form} .file-name`)).toBe('未选择文件');
    // the browser's own widget, in the browser's language, takes no room on the page
    const native = await page.locator(`${form} input[type=file]`).boundingBox();
    expect(native!.width).toBeLessThanOrEqual(1);
    await screenshot(page, 'file-input-empty', form);
    await page.setInputFiles(`${form} input[type=file]`, { name: '用人单位登记册.csv', mimeType: 'text/csv', buffer: Buffer.from('统一社会信用代码\n') });
    expect(await page.textContent(`${form} .file-name`)).toBe('用人单位登记册.csv');
    await screenshot(page, 'file-input-chosen', form);
    // clicking the Chinese button opens the file chooser, as the browser's own would
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(`${form} .file-button`)]);
    expect(chooser.isMultiple()).toBe(false);
  });

  it('makes a date field a Chinese text field for 年-月-日, refusing a malformed date by its name and keeping it', async () => {
    const page = await app.as('jj-clerk');
    await page.goto(`${app.base}/campaigns/${campaignId}/employers/${jiangjinCode(0)}`);
    const date = 'input[name=submittedOn]';
    await page.waitForSelector(date);
    // not the browser's own widget, whose empty field reads "mm/dd/yyyy" in an English Chromium
    expect(await page.getAttribute(date, 'type')).toBeNull();
    expect(await page.getAttribute(date, 'placeholder')).toBe('年-月-日');
    expect(await page.getAttribute(date, 'inputmode')).toBe('numeric');
    expect(await page.textContent(`label:has(${date}) .date-hint`)).toBe('如 2024-05-31');
    await screenshot(page, 'date-input', `label:has(${date})`);
    // 2024年5月3日 is written out as 年-月-日; a day that does not exist is refused in Chinese as typed
    await page.fill(date, '2024年5月3日');
    await page.locator(date).blur();
    expect(await page.inputValue(date)).toBe('2024-05-03');
    await page.fill(date, '2024-02-30');
    expect(await page.locator(date).evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('没有 2024-02-30 这一天');
    await page.fill(date, '2024/05');
    expect(await page.locator(date).evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('请按 年-月-日 填写日期，如 2024-05-31（填的是 2024/05）');
    // the server refuses it too, from a browser that does not check, naming the field and keeping it
    const form = page.locator(`form:has(${date})`);
    await form.evaluate((f: HTMLFormElement) => {
      f.noValidate = true;
    });
    await page.fill('textarea[name=roster]', 'G001,职工1');
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("提交申报")')]);
    expect(refused?.status()).toBe(422);
    expect(await page.textContent('[role=alert]')).toContain('「收件日期」应当是日期（年-月-日）');
    expect(await page.inputValue(date)).toBe('2024/05');
    await screenshot(page, 'date-refused-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'date-refused-390');
  });

  it('refuses a field in Chinese, naming it by its label, and takes it once it is right', async () => {
    const message = (page: Page, field: string) => page.locator(field).evaluate((el: HTMLInputElement) => el.validationMessage);
    // an empty required field: the form is not sent, the field named as its label reads
    const login = await app.newPage();
    await login.goto(app.base);
    await login.click('button:has-text("登录")');
    expect(login.url()).toBe(`${app.base}/`);
    expect(await message(login, 'input[name=username]')).toBe('请填写：用户名');
    expect(await message(login, 'input[name=password]')).toBe('请填写：密码');
    await login.fill('input[name=username]', 'jj-clerk');
    expect(await message(login, 'input[name=username]')).toBe('');
    await login.close();

    // too short: the length asked for and the length typed
    const clerk = await app.as('jj-clerk');
    await clerk.goto(`${app.base}/password`);
    await clerk.fill('input[name=new]', '短密码');
    expect(await message(clerk, 'input[name=new]')).toBe('新密码：至少 10 个字符（现为 3 个）');
    await clerk.fill('input[name=new]', '足够长的一个新密码啊');
    expect(await message(clerk, 'input[name=new]')).toBe('');

    // a label's remark (花名册（每行：工号,姓名）) is not part of the field's name
    await clerk.goto(`${app.base}/campaigns/${campaignId}/employers/${jiangjinCode(1)}`);
    await clerk.click('button:has-text("提交申报")');
    expect(clerk.url()).toBe(`${app.base}/campaigns/${campaignId}/employers/${jiangjinCode(1)}`);
    expect(await message(clerk, 'textarea[name=roster]')).toBe('请填写：花名册');
    await screenshot(clerk, 'required-roster', 'form:has(textarea[name=roster])');

    // a pattern: what the field takes, from its title
    const admin = await app.as('jj-admin');
    await admin.goto(`${app.base}/accounts`);
    await admin.fill('input[name=username]', '张三');
    expect(await message(admin, 'input[name=username]')).toBe('用户名：格式不对（2 至 40 个字母、数字或 _ . -）');
    expect(await message(admin, 'input[name=displayName]')).toBe('请填写：姓名');

    // the campaign form generated from the plugin's schema: each required field emptied is named in Chinese
    await admin.goto(app.base);
    await admin.click('a:has-text("新建重庆市江津区活动")');
    await admin.fill('input[name=year]', '2023.5');
    expect(await message(admin, 'input[name=year]')).toBe('被审查年度：应当是整数');
    const required = admin.locator('form input[required]:not(.date):not([type=number]), form textarea[required]');
    expect(await required.count()).toBeGreaterThan(0);
    for (const field of await required.all()) await field.fill('');
    const messages = await required.evaluateAll((fields: HTMLInputElement[]) => fields.map((f) => f.validationMessage));
    for (const m of messages) expect(m).toMatch(/^请填写：[^A-Za-z\s]/);
  });
});
