/**
 * The clerk's forms in chromium at 1366×768 (issue 12 items 5–7): a campaign created from the form its
 * region's schema makes, refused dates kept and named; a refused declaration keeping its 35-line
 * roster; a review form opening with its findings; the year's records imported, warned about before
 * grading, and the grades screened employer by employer; a head sending a review back with why and
 * approving it when recorded again. Set JIANCHA_SHOTS=DIR to look at them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { loadRegistry } from '../../core/registry.ts';
import { createCampaign } from '../../core/services/campaign.ts';
import { draw } from '../../core/services/draw.ts';
import { runGrading } from '../../core/services/gradingRun.ts';
import { assignJurisdiction } from '../../core/services/jurisdictionRun.ts';
import { createUser } from '../../core/services/users.ts';
import { importYearRecords } from '../../core/services/yearRecords.ts';
import { jiangjinCode, jiangjinDatabase } from '../fixtures/jiangjin.ts';
import { exampleSettings } from '../fixtures/project.ts';
import { PASSWORD, screenshot, startConsole } from './harness.ts';

let app: Awaited<ReturnType<typeof startConsole>>;
let campaignId: number;
/** a campaign graded already, where a head grades again */
let gradedId: number;
/** a graded 2024 campaign of 江津 with the notice of its year */
let laterId: number;
const NOTICE_2024 = {
  year: 2024,
  title: '关于做好2024年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知',
  documentNumber: '江津人社发〔2025〕12号',
};
let registry: Awaited<ReturnType<typeof loadRegistry>>;
const EMPLOYERS = 12;

beforeAll(async () => {
  // every one in a key industry: all drawn
  const seeded = await jiangjinDatabase(EMPLOYERS);
  const { db, decider, admin } = seeded;
  registry = seeded.registry;
  await createUser(db, admin, { username: 'jj-clerk', displayName: '江津区人社局经办人', role: 'clerk', bureauId: 'cq-jiangjin', password: PASSWORD });
  await createUser(db, admin, { username: 'jj-head', displayName: '江津区人社局负责人', role: 'head', bureauId: 'cq-jiangjin', password: PASSWORD });
  const settings = exampleSettings('chongqing-jiangjin');
  const open = async () => {
    const c = await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
    await assignJurisdiction(db, decider, admin, c.id);
    await draw(db, decider, admin, c.id, '表单测试种子');
    return c.id;
  };
  campaignId = await open();
  // another campaign of the same year grades the first employer otherwise: inspected and punished three times
  const other = await open();
  const sheet = `统一社会信用代码,实施劳动保障监察,查处次数\n${jiangjinCode(0)},是,3\n`;
  await importYearRecords(db, admin, other, Buffer.from(sheet), 'csv', '另一活动.csv');
  await runGrading(db, decider, admin, other);
  gradedId = other;
  // a campaign of another year, with its own notice: its grades are to cite that notice, not 2023's
  const later = await createCampaign(db, registry, admin, {
    plugin: 'chongqing-jiangjin',
    year: 2024,
    bureau: 'cq-jiangjin',
    settings: { ...settings, ...NOTICE_2024 },
  });
  await assignJurisdiction(db, decider, admin, later.id);
  await draw(db, decider, admin, later.id, '二〇二四年度种子');
  await runGrading(db, decider, admin, later.id);
  laterId = later.id;
  app = await startConsole({ db, registry, decider });
});

afterAll(async () => {
  await app?.close();
});

describe("the clerk's forms in chromium", () => {
  it('leaves the page’s usual gap between the settings and the step a head takes next', async () => {
    const page = await app.as('jj-head');
    await page.goto(`${app.base}/campaigns/${gradedId}`);
    const settings = (await page.locator('details', { hasText: '活动设置' }).boundingBox())!;
    const button = (await page.locator('button', { hasText: '重新评价等级（初评）' }).boundingBox())!;
    // a card's paragraphs are a line apart (1em of 16px); the step is not to sit flush under the settings
    expect(button.y - (settings.y + settings.height)).toBeGreaterThanOrEqual(12);
    await screenshot(page, 'campaign-graded-head', 'section.card >> nth=0');
    await page.close();
  });

  it('a 2024 campaign cites its own notice in the grades’ basis, on its page and the employer’s, not 2023’s', async () => {
    const page = await app.as('jj-head');
    const cited = `《${NOTICE_2024.title}》（${NOTICE_2024.documentNumber}）`;
    await page.goto(`${app.base}/campaigns/${laterId}`);
    // 江津's rules cite 《江津区2023年度书面审查和守法诚信等级评价通知》 (its plugin's noticeCitation)
    expect(await page.textContent('main')).toContain(cited);
    expect(await page.textContent('main')).not.toContain('江津区2023年度');
    await screenshot(page, 'campaign-2024-basis');
    await page.goto(`${app.base}/campaigns/${laterId}/employers/${jiangjinCode(1)}`);
    expect(await page.textContent('main')).toContain(cited);
    expect(await page.textContent('main')).not.toContain('江津区2023年度');
    await screenshot(page, 'employer-2024-basis');
    await page.close();
  });

  it('creates a campaign from the form its schema makes: Chinese titles, the example and own bureau as defaults, dates out of order refused and kept', async () => {
    const page = await app.as('jj-clerk');
    await page.click('a:has-text("新建重庆市江津区活动")');
    await page.waitForSelector('form[action="/campaigns"]');
    // each setting under its Chinese title, filled from the example campaign
    const labels = await page.locator('form[action="/campaigns"] label').allTextContents();
    for (const title of ['通知成文日期', '网上申报截止日期', '书面材料报送地址', '公示工作日数']) expect(labels.some((l) => l.startsWith(title))).toBe(true);
    expect(await page.inputValue('input[name="s.declarationDeadline"]')).toBe('2024-08-15');
    // a Chinese text field, not the browser's date widget (its empty field is "mm/dd/yyyy" in an English Chromium)
    expect(await page.getAttribute('input[name="s.declarationDeadline"]', 'type')).toBeNull();
    expect(await page.getAttribute('input[name="s.declarationDeadline"]', 'placeholder')).toBe('年-月-日');
    expect(await page.inputValue('select[name=bureau]')).toBe('cq-jiangjin');
    expect(await page.textContent('main')).toContain('日期须前后有序，如「网上申报截止日期」应晚于「通知成文日期」');
    // a ratio is named by the sampling rule that takes it, its bound from the rule
    expect(await page.textContent('fieldset')).toContain('A级企业抽取比例不高于3%');
    expect(await page.getAttribute('input[name="s.ratios.A"]', 'max')).toBe('0.03');
    await screenshot(page, 'campaign-new');

    // 江津通知: 自接到通知之日起10个工作日内完成网上申报 — a deadline before the notice cannot be
    await page.fill('input[name="s.declarationDeadline"]', '2024-08-01');
    await page.fill('[name="s.mailingAddress"]', '江津区几江街道测试路1号');
    // the browser refuses it as typed: its earliest day is the day after the notice date
    const deadline = page.locator('input[name="s.declarationDeadline"]');
    expect(await deadline.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(false);
    expect(await deadline.evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('应当不早于 2024-08-03');
    await page.fill('input[name="s.noticeDate"]', '2024-07-30');
    expect(await deadline.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(true);
    await page.fill('input[name="s.noticeDate"]', '2024-08-02');
    // and the server refuses it from a browser that does not check
    await page.locator('form[action="/campaigns"]').evaluate((form: HTMLFormElement) => {
      form.noValidate = true;
    });
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("创建活动")')]);
    expect(refused?.status()).toBe(422);
    const error = '「网上申报截止日期」2024-08-01 应当晚于「通知成文日期」2024-08-02';
    expect(await page.textContent('[role=alert]')).toContain(error);
    expect(await page.textContent('label.invalid')).toContain(error);
    expect(await page.inputValue('input[name="s.declarationDeadline"]')).toBe('2024-08-01');
    expect(await page.inputValue('[name="s.mailingAddress"]')).toBe('江津区几江街道测试路1号');
    await screenshot(page, 'campaign-new-refused');

    await page.fill('input[name="s.declarationDeadline"]', '2024-08-16');
    await page.click('button:has-text("创建活动")');
    await page.waitForSelector('.ok');
    expect(await page.textContent('.ok')).toMatch(/^已创建活动 \d+$/);
    const stored = JSON.parse((await page.textContent('pre.settings')) ?? '{}');
    expect(stored).toMatchObject({ year: 2023, declarationDeadline: '2024-08-16', mailingAddress: '江津区几江街道测试路1号', documentNumber: null });
    expect(stored.ratios).toEqual({ A: 0.03, B: 0.5, C: 0.95, ungraded: 0.1 });
    await page.close();
  });

  it('keeps a refused 35-line roster, names the field in Chinese, and opens the review form with the findings recorded', async () => {
    const page = await app.as('jj-clerk');
    // a reviewer who is none of the bureau's staff is refused, by the bureau's name, and what was typed stays
    await page.goto(`${app.base}/campaigns/${campaignId}`);
    await page.fill('input[name=reviewers]', 'jj-clerk，nobody');
    const [unknown] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("随机分配审查人员")')]);
    expect(unknown?.status()).toBe(422);
    expect(await page.textContent('[role=alert]')).toContain('nobody 不是重庆市江津区人力资源和社会保障局的经办人或负责人');
    expect(await page.inputValue('input[name=reviewers]')).toBe('jj-clerk，nobody');

    await page.goto(`${app.base}/campaigns/${campaignId}/employers/${jiangjinCode(1)}`);
    const roster = Array.from({ length: 35 }, (_, i) => `G${String(i + 1).padStart(3, '0')},职工${i + 1}`).join('\n');
    await page.fill('input[name=wagePayDay]', '35');
    await page.fill('input[name=insuredPension]', '30');
    await page.fill('textarea[name=roster]', roster);
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("提交申报")')]);
    expect(refused?.status()).toBe(422);
    expect(await page.textContent('[role=alert]')).toContain('「每月工资支付日」应当不大于 31');
    expect(await page.inputValue('textarea[name=roster]')).toBe(roster);
    expect(await page.inputValue('input[name=wagePayDay]')).toBe('35');
    expect(await page.inputValue('input[name=insuredPension]')).toBe('30');
    await screenshot(page, 'declaration-refused');

    await page.fill('input[name=wagePayDay]', '15');
    await page.click('button:has-text("提交申报")');
    await page.waitForSelector('.ok');
    expect(await page.textContent('.ok')).toMatch(/^已申报，抽查职工 \d+ 人/);

    await page.selectOption('select[name="severity:rules"]', 'minor');
    await page.fill('input[name="note:rules"]', '规章制度未经民主程序');
    await page.click('button:has-text("录入审查结果")');
    await page.waitForSelector('.ok');
    expect(await page.textContent('.ok')).toMatch(/^已录入/);
    // the form opens with what is recorded, to correct it rather than type it again
    expect(await page.inputValue('select[name="severity:rules"]')).toBe('minor');
    expect(await page.inputValue('input[name="note:rules"]')).toBe('规章制度未经民主程序');
    expect(await page.inputValue('select[name="severity:wages"]')).toBe('');
    expect(await page.textContent('button:has-text("重新录入审查结果")')).toBe('重新录入审查结果');
    await screenshot(page, 'review-recorded');
    await page.close();
  });

  it('a head sends the review back with why; the reviewer finds it in 待我审查 with the comment, records it again, and the head approves it', async () => {
    const code = jiangjinCode(1);
    const head = await app.as('jj-head');
    await head.goto(`${app.base}/campaigns/${campaignId}/reviews?queue=approve`);
    await head.click(`a:has-text("${code}")`);
    // a send-back without a reason is refused, on the same page
    const [blank] = await Promise.all([head.waitForNavigation(), head.click('button:has-text("退回审查人员")')]);
    expect(blank?.status()).toBe(422);
    expect(await head.textContent('[role=alert]')).toContain('退回审查须填写审批意见');
    const why = '规章制度问题请注明未经民主程序的制度名称';
    await head.fill('textarea[name=comment]', why);
    await head.click('button:has-text("退回审查人员")');
    await head.waitForSelector('.ok');
    expect(await head.textContent('.ok')).toBe('已退回审查人员重新录入');
    expect(await head.textContent('ol.history')).toContain(`江津区人社局负责人 退回：${why}`);

    const clerk = await app.as('jj-clerk');
    await clerk.goto(`${app.base}/campaigns/${campaignId}/reviews?queue=review`);
    const row = clerk.locator('tbody tr', { hasText: code });
    expect(await row.textContent()).toContain(`已退回退回理由：${why}`);
    await row.locator('a').first().click();
    expect(await clerk.textContent('ol.history')).toContain(why);
    await clerk.fill('input[name="note:rules"]', '《考勤管理制度》未经民主程序');
    await clerk.click('button:has-text("重新录入审查结果")');
    await clerk.waitForSelector('.ok');
    await clerk.goto(`${app.base}/campaigns/${campaignId}/reviews?queue=review`);
    expect(await clerk.locator('tbody tr', { hasText: code }).count()).toBe(0);
    await clerk.close();

    await head.goto(`${app.base}/campaigns/${campaignId}/reviews?queue=approve`);
    await head.click(`a:has-text("${code}")`);
    await head.fill('textarea[name=comment]', '同意，限期整改');
    await head.click('button:has-text("审批通过")');
    await head.waitForSelector('.ok');
    expect(await head.textContent('.ok')).toBe('已审批，整改事项 1 项');
    expect(await head.locator('ol.history li').allTextContents()).toEqual([
      expect.stringContaining(`退回：${why}`),
      expect.stringContaining('审批通过：同意，限期整改'),
    ]);
    await screenshot(head, 'review-approved');
    await head.close();
  });

  it('imports the year records, warns before grading of employers without one, and screens the grades employer by employer', async () => {
    const page = await app.as('jj-clerk');
    await page.goto(`${app.base}/campaigns/${campaignId}`);
    expect(await page.textContent('main')).toContain(`已导入 0 家的年度记录；管辖范围内 ${EMPLOYERS} 家中 ${EMPLOYERS} 家没有记录`);
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-records-'));
    // a bad cell refuses the whole file, named by its row and column
    const bad = join(dir, '有误.csv');
    writeFileSync(bad, ['统一社会信用代码,使用童工', `${jiangjinCode(0)},也许`].join('\n'));
    await page.setInputFiles('input[name=file]', bad);
    await page.click('button:has-text("导入年度记录")');
    await page.waitForSelector('table.import-errors');
    expect(await page.textContent('table.import-errors tbody')).toContain('“也许”应填“是”或“否”');
    await page.click('text=返回');
    const file = join(dir, '年度记录.csv');
    writeFileSync(file, ['统一社会信用代码,实施劳动保障监察,查处次数,备注', `${jiangjinCode(0)},是,0,`, `${jiangjinCode(2)},是,0,专项检查`].join('\n'));
    await page.setInputFiles('input[name=file]', file);
    await page.click('button:has-text("导入年度记录")');
    await page.waitForSelector('text=已完成');
    expect(await page.textContent('main')).toMatch(/文件行数\s*：?\s*2/);
    expect(await page.textContent('.warning')).toContain('列「备注」');
    await page.click('text=返回');
    expect(await page.textContent('main')).toContain(`已导入 2 家的年度记录；管辖范围内 ${EMPLOYERS} 家中 ${EMPLOYERS - 2} 家没有记录`);

    await page.click('button:has-text("评价等级（初评）")');
    expect(await page.textContent('ul.error')).toContain(
      `${EMPLOYERS - 2} 家管辖范围内的用人单位没有年度记录：评价时按本年度无监察执法记录（未实施劳动保障监察、无查处）对待`,
    );
    await screenshot(page, 'grading-confirm');
    await page.click('button:has-text("确认评价等级")');
    await page.waitForSelector('text=已完成');
    await page.click('text=返回');

    // graded, the year can still be graded again before publicity
    expect(await page.locator('button:has-text("重新评价等级（初评）")').count()).toBe(1);
    await page.click('nav.tabs a:has-text("等级筛查")');
    await page.waitForSelector('h1:has-text("等级筛查")');
    // the first employer was graded otherwise by the other campaign of the year, punished three times there
    const row = page.locator('tbody tr', { hasText: jiangjinCode(0) });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('同一主体不同等级');
    expect(await row.textContent()).toMatch(/本活动 \S+ 级，活动 \d+（重庆市江津区人力资源和社会保障局）\S+ 级/);
    expect(await page.locator('tbody tr', { hasText: jiangjinCode(2) }).count()).toBe(0);
    await screenshot(page, 'screening');

    // a grade change to the grade it has is refused, the reason typed kept; the levels are the region's own
    await page.click(`a:has-text("${jiangjinCode(0)}")`);
    const levels = [...registry.get('chongqing-jiangjin').gradeScale().levels].reverse();
    expect(await page.locator('select[name=toGrade] option').allTextContents()).toEqual(levels.map((l) => l.label));
    const current = (await page.textContent('section.card p.grade'))!;
    const same = levels.find((l) => current.startsWith(l.label))!;
    await page.selectOption('select[name=toGrade]', same.code);
    await page.fill('input[name=reason]', '复核后拟维持原等级');
    const [unchanged] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("提出等级变更")')]);
    expect(unchanged?.status()).toBe(422);
    expect(await page.textContent('[role=alert]')).toBe(`江津测试0有限公司 已是${same.label}`);
    expect(await page.inputValue('input[name=reason]')).toBe('复核后拟维持原等级');
    expect(await page.inputValue('select[name=toGrade]')).toBe(same.code);

    // a publicity from a day already past is refused on its confirmation, which keeps the date typed
    await page.goto(`${app.base}/campaigns/${campaignId}/confirm/publicity`);
    expect(await page.getAttribute('input[name=from]', 'data-min')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // typed as digits alone it is written out as 年-月-日; one too early is refused in Chinese as typed
    await page.fill('input[name=from]', '20200102');
    await page.locator('input[name=from]').blur();
    expect(await page.inputValue('input[name=from]')).toBe('2020-01-02');
    expect(await page.locator('input[name=from]').evaluate((el: HTMLInputElement) => el.validationMessage)).toMatch(/^应当不早于 \d{4}-\d{2}-\d{2}$/);
    await screenshot(page, 'publicity-confirm');
    await page.locator('form[action$="/publicity"]').evaluate((form: HTMLFormElement) => {
      form.noValidate = true;
    });
    await page.fill('input[name=from]', '2020-01-02');
    const [past] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("确认公示")')]);
    expect(past?.status()).toBe(422);
    expect(await page.textContent('[role=alert]')).toMatch(/^公示不能从已过去的 2020-01-02 开始/);
    expect(await page.inputValue('input[name=from]')).toBe('2020-01-02');
    expect(await page.textContent('h1')).toBe('确认公示');
    // a date that is none is refused by the field's name, and kept as typed
    await page.locator('form[action$="/publicity"]').evaluate((form: HTMLFormElement) => {
      form.noValidate = true;
    });
    await page.fill('input[name=from]', '2024-13-01');
    const [malformed] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("确认公示")')]);
    expect(malformed?.status()).toBe(422);
    expect(await page.textContent('[role=alert]')).toContain('「公示开始日期」2024-13-01 不是日期，应为 年-月-日（如 2024-05-31）');
    expect(await page.inputValue('input[name=from]')).toBe('2024-13-01');
    await page.close();
  });
});
