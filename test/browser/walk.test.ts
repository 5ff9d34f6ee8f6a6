/**
 * The clerk's whole year in chromium, every step in the console (issue 12, "How it is shown"): the
 * registry and the year's records imported from files, a campaign created from its schema's form,
 * jurisdiction, the draw, reviewers, an employer account opened by the clerk and declared with at
 * phone width, the review recorded and approved by a head, grading after its confirmation, publicity,
 * publication by the head, and next year's supervision plan. Only the two staff accounts are made
 * beforehand. `npm run docs:screens` keeps its pictures of the main pages in docs/screenshots.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../../core/decide.ts';
import { openDatabase } from '../../core/db/index.ts';
import { loadRegistry } from '../../core/registry.ts';
import { localAdministrator } from '../../core/services/actor.ts';
import { syncBureaus } from '../../core/services/bureaus.ts';
import { createUser } from '../../core/services/users.ts';
import { jiangjinCode } from '../fixtures/jiangjin.ts';
import { PASSWORD, screenshot, startConsole } from './harness.ts';

const EMPLOYERS = 12;
/** the employer that declares, and the one punished three times in the year's records */
const DECLARING = jiangjinCode(0);
const PUNISHED = jiangjinCode(EMPLOYERS - 1);
const dir = mkdtempSync(join(tmpdir(), 'jiancha-walk-'));
let app: Awaited<ReturnType<typeof startConsole>>;

/** A file the clerk picks in the browser. */
function sheet(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** The server's day, as a test configures it (core/facts.ts today); no request can set it. */
const onDay = (date: string) => {
  process.env.JIANCHA_TODAY = date;
};

beforeAll(async () => {
  const db = openDatabase(':memory:');
  const registry = await loadRegistry();
  await syncBureaus(db, registry);
  const admin = await localAdministrator(db);
  await createUser(db, admin, { username: 'jj-clerk', displayName: '江津区人社局经办人', role: 'clerk', bureauId: 'cq-jiangjin', password: PASSWORD });
  await createUser(db, admin, { username: 'jj-head', displayName: '江津区人社局负责人', role: 'head', bureauId: 'cq-jiangjin', password: PASSWORD });
  app = await startConsole({ db, registry, decider: new Decider(registry) });
});

afterAll(async () => {
  delete process.env.JIANCHA_TODAY;
  await app?.close();
});

const text = async (page: Page, selector = 'main') => (await page.textContent(selector)) ?? '';

/** The head, in a browser of its own, on the campaign's page. */
async function headOn(campaign: string): Promise<Page> {
  const head = await app.as('jj-head');
  await head.goto(app.base + campaign);
  return head;
}

describe("the clerk's year in chromium, console only", () => {
  let clerk: Page;
  let campaign: string;
  let drawn: number;
  let oneTime: string;

  it('imports the registry and creates the campaign from its form', async () => {
    // a day of 江津's declaration period (通知 2024-08-02, 申报至 2024-08-15)
    onDay('2024-08-05');
    clerk = await app.as('jj-clerk');
    // half 建筑业 (4811, a key industry: all reviewed), half manufacturing (1311, drawn at random)
    const registryFile = sheet('登记册.csv', [
      '统一社会信用代码,单位名称,单位类型,注册地行政区划代码,行业代码,职工人数,劳务派遣用工,上年度等级',
      ...Array.from({ length: EMPLOYERS }, (_, i) => `${jiangjinCode(i)},江津走查${i}有限公司,企业,500116,${i % 2 ? 1311 : 4811},${20 + i},否,B`),
    ]);
    await clerk.setInputFiles('form[action="/registry/import"] input[name=file]', registryFile);
    await clerk.click('form[action="/registry/import"] button');
    await clerk.waitForSelector('text=已完成');
    expect(await text(clerk)).toMatch(new RegExp(`新增单位\\s*${EMPLOYERS}`));
    await clerk.click('text=返回');

    await clerk.click('a:has-text("新建重庆市江津区活动")');
    await clerk.click('button:has-text("创建活动")');
    await clerk.waitForSelector('.ok');
    expect(await text(clerk, '.ok')).toMatch(/^已创建活动 \d+$/);
    campaign = new URL(clerk.url()).pathname;
  });

  it('imports the year records, assigns jurisdiction, draws after confirming, and gives the drawn to a reviewer', async () => {
    // one employer punished three times; a third of them once
    const records = sheet('年度记录.csv', [
      '统一社会信用代码,实施劳动保障监察,查处次数',
      ...Array.from({ length: EMPLOYERS }, (_, i) => `${jiangjinCode(i)},是,${i === EMPLOYERS - 1 ? 3 : i % 3 === 1 ? 1 : 0}`),
    ]);
    await clerk.setInputFiles('input[name=file]', records);
    await clerk.click('button:has-text("导入年度记录")');
    await clerk.waitForSelector('text=已完成');
    await clerk.click('text=返回');
    expect(await text(clerk)).toContain(`已导入 ${EMPLOYERS} 家的年度记录。`);

    await clerk.click('button:has-text("划分管辖")');
    expect(await text(clerk)).toContain(`按管辖规则划分登记册中 ${EMPLOYERS} 家用人单位的管辖`);
    await clerk.click('button:has-text("确认划分管辖")');
    await clerk.waitForSelector('text=已完成');
    expect(await text(clerk)).toContain(`重庆市江津区人力资源和社会保障局：${EMPLOYERS}`);
    await clerk.click('text=返回');
    // every employer of the jurisdiction has its record
    expect(await text(clerk)).toContain(`已导入 ${EMPLOYERS} 家的年度记录；管辖范围内 ${EMPLOYERS} 家中 0 家没有记录`);

    await clerk.fill('input[name=seed]', '江津走查种子');
    await clerk.click('button:has-text("抽取审查名单")');
    expect(await text(clerk)).toContain('抽取后名单即确定，不能重新抽取');
    await clerk.click('button:has-text("确认抽取审查名单")');
    await clerk.waitForSelector('.ok');
    drawn = Number((await text(clerk, '.ok')).match(/^已抽取 (\d+) 家$/)?.[1]);
    // 江津通知 三、（一）1: 对人力资源服务、建筑、交通运输、互联网平台4个重点行业的企业进行审查
    expect(drawn).toBeGreaterThanOrEqual(EMPLOYERS / 2);

    await clerk.fill('input[name=reviewers]', 'jj-clerk');
    await clerk.click('button:has-text("随机分配审查人员")');
    await clerk.waitForSelector('.ok');
    expect(await text(clerk, '.ok')).toBe(`已分配：jj-clerk ${drawn}家`);
    expect(await text(clerk, 'ul.queues')).toContain(`待我审查（${drawn}）`);
  });

  it('opens an account for the first drawn employer, with its letter of one-time password', async () => {
    await clerk.click('text=用人单位账号（开设、打印通知书、重置）');
    await clerk.fill('input[name=limit]', '1');
    await clerk.click('text=开设账号并生成通知书');
    const letter = clerk.locator('article.letter').first();
    expect(await letter.textContent()).toContain(`统一社会信用代码：${DECLARING}`);
    expect(await letter.textContent()).toContain('申报截止2024年8月15日');
    oneTime = (await letter.locator('dd.password').textContent()) ?? '';
  });

  it('the employer, at phone width, sets its own password and declares before the deadline', async () => {
    const phone = await app.newPage({ width: 390, height: 844 });
    await phone.goto(app.base);
    await phone.fill('input[name=username]', DECLARING);
    await phone.fill('input[name=password]', oneTime);
    await phone.click('button[type=submit]');
    await phone.waitForSelector('input[name=new]');
    await phone.fill('input[name=current]', oneTime);
    await phone.fill('input[name=new]', '江津走查-申报单位的密码');
    await phone.fill('input[name=repeat]', '江津走查-申报单位的密码');
    await phone.click('main button[type=submit]');
    await phone.waitForSelector('.ok');
    await phone.click('tbody a');
    await phone.waitForSelector('textarea[name=roster]');
    expect(await text(phone, '.deadline')).toContain('申报截止：2024年8月15日');
    for (const [field, value] of Object.entries({
      insuredPension: 25,
      insuredMedical: 25,
      insuredInjury: 25,
      insuredUnemployment: 25,
      monthlyWageTotal: 112500,
      wagePayDay: 15,
    }))
      await phone.fill(`input[name=${field}]`, String(value));
    await phone.fill('textarea[name=roster]', Array.from({ length: 25 }, (_, i) => `G${i + 1},职工${i + 1}`).join('\n'));
    await phone.click('text=提交申报');
    await phone.waitForSelector('#checklist');
    expect(await text(phone, '.ok')).toMatch(/^已申报，抽查职工 \d+ 人$/);
    expect(await text(phone, '#checklist')).toMatch(/系统抽中人员（\d+人）：职工\d+（G\d+）/);
    await screenshot(phone, 'employer-declared');
    await phone.close();
  });

  it('the clerk records the review from its queue, and the head approves it from its own', async () => {
    await clerk.goto(app.base + campaign);
    await clerk.click('a:has-text("待我审查")');
    expect(await text(clerk)).toContain(`共 ${drawn} 家`);
    await screenshot(clerk, 'reviews-list');
    await clerk.click(`a:has-text("${DECLARING}")`);
    await clerk.selectOption('select[name="severity:rules"]', 'minor');
    await clerk.fill('input[name="note:rules"]', '规章制度未经民主程序');
    await clerk.click('button:has-text("录入审查结果")');
    await clerk.waitForSelector('.ok');
    // 江津通知 三、（一）4: 用人单位有轻微违法行为的，下达《劳动保障监察书面审查处理建议书》
    expect(await text(clerk, '.ok')).toBe('已录入：基本合格，待负责人审批');
    await screenshot(clerk, 'review');

    const head = await headOn(campaign);
    expect(await text(head, 'ul.queues')).toContain('待我审批（1）');
    await head.click('a:has-text("待我审批")');
    await head.click(`a:has-text("${DECLARING}")`);
    await head.fill('textarea[name=comment]', '同意，督促整改');
    await head.click('button[name=decision][value=approve]');
    await head.waitForSelector('.ok');
    // the one minor finding is the one item to rectify (处理建议书)
    expect(await text(head, '.ok')).toBe('已审批，整改事项 1 项');
    expect(await text(head, 'ol.history')).toContain('审批通过：同意，督促整改');
    await head.close();
  });

  it('grades after its confirmation names who has not declared, and starts the publicity', async () => {
    // after the review deadline (2024-08-31): the publicity day of the API test (apiYear.test.ts)
    onDay('2024-09-13');
    await clerk.goto(app.base + campaign);
    await clerk.click('button:has-text("评价等级（初评）")');
    expect(await text(clerk, 'ul.error')).toContain(`${drawn - 1} 家尚未申报（申报截止 2024-08-15），评价后不能再申报`);
    await clerk.click('button:has-text("确认评价等级")');
    await clerk.waitForSelector('text=已完成');
    await clerk.click('text=返回');
    // 人社部规〔2016〕1号 第七条: 因劳动保障违法行为被查处三次以上（含三次）的 C级
    expect(await text(clerk, `tbody tr:has-text("${PUNISHED}")`)).toContain('因劳动保障违法行为被查处三次以上（含三次）');
    expect(await text(clerk, `tbody tr:has-text("${DECLARING}")`)).toContain('未因劳动保障违法行为被查处');
    await screenshot(clerk, 'campaign-overview', 'body');
    await screenshot(clerk, 'grade-list', 'section.card:has(h2:has-text("守法诚信等级"))');

    await clerk.click('button:has-text("公示（")');
    await clerk.click('button:has-text("确认公示")');
    await clerk.waitForSelector('.ok');
    // 5 working days: 13th, Saturday 14th (worked for 中秋), 18th–20th
    expect(await text(clerk, '.ok')).toBe('公示期 2024-09-13 至 2024-09-20（5个工作日）');
    // publication is a head's (core/policy.ts): the clerk is told who does it
    expect(await text(clerk)).toContain('公布由负责人进行。');
    expect(await clerk.locator('button:has-text("公布等级评价结果")').count()).toBe(0);
    // the list on publicity is offered with the notice, each to print or in Word
    expect(await clerk.locator('ul.docs > li').allTextContents()).toEqual(['通知：打印 | Word', '公示名单：打印 | Word']);
  });

  it('the head publishes after the C employer has had its days to answer, and the clerk makes the plan', async () => {
    // the C letter of 13 September gives 陈述申辩 to the 23rd (apiYear.test.ts)
    onDay('2024-09-24');
    const head = await headOn(campaign);
    await head.click('button:has-text("公布等级评价结果")');
    await head.click('button:has-text("确认公布")');
    await head.waitForSelector('.ok');
    expect(await text(head, '.ok')).toBe(`已公布 ${EMPLOYERS} 家的等级`);
    await head.close();

    await clerk.goto(app.base + campaign);
    expect(await clerk.locator('ul.docs > li').allTextContents()).toEqual(['通知：打印 | Word', '公布名单：打印 | Word']);
    await clerk.click('button:has-text("制定下一年度监管计划")');
    await clerk.waitForSelector('.ok');
    expect(await text(clerk, '.ok')).toBe(`已制定 ${EMPLOYERS} 家的监管计划`);
    expect(await text(clerk, 'h1')).toContain('2024年度分类监管计划');
    expect(await text(clerk, `tbody tr:has-text("江津走查${EMPLOYERS - 1}有限公司")`)).toContain('约谈');
    await screenshot(clerk, 'supervision-plan');
    await clerk.close();
  });
});
