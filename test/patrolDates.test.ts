/**
 * Patrols are unannounced inspections: an employer never learns its planned dates, neither from the
 * API (page, sheet, printed plan) nor from the console, while its bureau's staff see them
 * (core/policy.ts patrol.read). 昌吉's cadence plans C-grade employers four patrols a year; 江津's plans its B and C
 * employers patrols after publication (it once planned none, issue 13).
 */
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { actorFor, localAdministrator } from '../core/services/actor.ts';
import { seedDemo } from '../core/services/demo.ts';
import { publish, startPublicity } from '../core/services/publicity.ts';
import { isWorkingDay } from '../core/calendar.ts';
import { listPlans, planSupervision } from '../core/services/supervision.ts';
import { createUser } from '../core/services/users.ts';
import { createApp } from '../server/app.ts';
import { LoginThrottle } from '../server/sessions.ts';
import { on } from './fixtures/today.ts';

const db = openDatabase(':memory:');
const registry = await loadRegistry();
const decider = new Decider(registry);
const admin = await localAdministrator(db);
const [jiangjin, changji] = await seedDemo(db, decider, admin, { employers: 150 });
await on('2025-06-02', () => startPublicity(db, admin, changji, '2025-06-02'));
await createUser(db, admin, { username: 'cj-head', role: 'head', bureauId: 'changji-prefecture' });
const head = await actorFor(db, 'cj-head');
await on('2025-06-16', () => publish(db, head, changji));
await planSupervision(db, decider, admin, changji);
// 江津, published Friday 20 September 2024 (planned before the server takes the connection)
await on('2024-09-02', () => startPublicity(db, admin, jiangjin, '2024-09-02'));
await createUser(db, admin, { username: 'jj-head', role: 'head', bureauId: 'cq-jiangjin' });
const jiangjinHead = await actorFor(db, 'jj-head');
await on('2024-09-20', () => publish(db, jiangjinHead, jiangjin));
await planSupervision(db, decider, admin, jiangjin);
const worst = db.$client
  .prepare(
    "SELECT e.credit_code FROM supervision_plans p JOIN employers e ON e.id = p.employer_id WHERE p.campaign_id = ? AND p.grade = 'C' AND p.dates != '[]' ORDER BY e.id",
  )
  .pluck()
  .get(changji) as string;
const PASSWORD = '巡查日期测试-密码';
await createUser(db, admin, { username: 'cj-c', role: 'employer', creditCode: worst, region: 'xinjiang-changji', password: PASSWORD });
await createUser(db, admin, { username: 'cj-staff', role: 'clerk', bureauId: 'changji-prefecture', password: PASSWORD });
const app = createApp({ db, registry, decider, throttle: new LoginThrottle() });

async function as(username: string) {
  const res = await app.request('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const { token } = (await res.json()) as { token: string };
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return {
    api: async (path: string) => {
      const r = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
      return { status: r.status, text: await r.text() };
    },
    page: async (path: string) => (await app.request(path, { headers: { cookie } })).text(),
  };
}

describe('planned patrol dates', () => {
  it('are shown to the bureau and withheld from the employer in the API, its sheet, the printed plan and the console', async () => {
    const staff = await as('cj-staff');
    const plans = JSON.parse((await staff.api(`/api/campaigns/${changji}/supervision?q=${worst}`)).text);
    const dates: string[] = plans.rows[0].dates;
    // 昌吉 C级: 每季度巡查一次 (cadence: patrolsPerYear 4), in the quarters left after publication on 2025-06-16: the 2nd, 3rd and 4th
    expect(dates).toHaveLength(3);
    expect(dates.every((d) => d > '2025-06-16' && d <= '2025-12-31')).toBe(true);
    // the compact plan prints the dates of its one year as 月日
    const [, m, d] = dates[0].split('-').map(Number);
    expect((await staff.api(`/api/campaigns/${changji}/documents/patrolPlan`)).text).toContain(`${m}月${d}日`);
    const staffPlans = await staff.page(`/campaigns/${changji}/plans?q=${worst}`);
    expect(staffPlans).toContain(dates[0]);
    // the bureau's plans page offers the printed plan, as the employer's does not (below)
    expect(staffPlans).toContain('aria-label="巡视检查计划（打印）"');
    expect(await staff.page(`/campaigns/${changji}/employers/${worst}`)).toContain(dates.join('、'));

    const employer = await as('cj-c');
    const own = JSON.parse((await employer.api(`/api/campaigns/${changji}/supervision`)).text);
    expect(own.rows).toMatchObject([{ creditCode: worst, grade: 'C', dates: [], datesWithheld: true }]);
    const sheet = (await employer.api(`/api/campaigns/${changji}/supervision?format=csv`)).text;
    expect(sheet).toContain('不向用人单位公开');
    const printed = await employer.api(`/api/campaigns/${changji}/documents/patrolPlan`);
    expect(printed.status).toBe(403);
    expect(JSON.parse(printed.text).error.message).toContain('查看巡查日期需要角色');
    const page = await employer.page(`/campaigns/${changji}/plans`);
    expect(page).toContain('不向用人单位公开');
    expect(page).not.toContain('巡视检查计划');
    // its own page shows next year's measures, not the dates
    const ownPage = await employer.page(`/campaigns/${changji}/employers/${worst}`);
    expect(ownPage).toContain('2025年度分类监管');
    expect(ownPage).toContain('<dt>巡查日期</dt><dd>不向用人单位公开</dd>');
    for (const text of [sheet, page, ownPage, own.rows[0].measures.join('')]) for (const d of dates) expect(text).not.toContain(d);
  });
});

describe('the console’s 等级筛查 of a region that declares none', () => {
  it('says the region has no screening, where it was a 404 page', async () => {
    // 昌吉's notice asks for no screening of the grades (the 重庆 checks are 江津通知 四、（一）'s)
    const staff = await as('cj-staff');
    expect(await staff.page(`/campaigns/${changji}/screening`)).toContain('插件未规定等级筛查项');
  });
});

describe('江津’s patrol plan', () => {
  it('plans every B and C employer patrols in the parts of the year after publication, none for A', async () => {
    // 四、（四）3.分类监管 and cadence.json: A 原则上不纳入本年度主动巡查范围, B twice and C four times a year (本区的选择)
    const plans = listPlans(db, admin, jiangjin);
    const counts = (grade: string) => [...new Set(plans.filter((p) => p.grade === grade).map((p) => p.dates.length))];
    expect(plans.some((p) => p.grade === 'C')).toBe(true);
    expect(counts('A')).toEqual([0]);
    // published 20 September: the second half-year is left of B's two parts, the rest of Q3 and Q4 of C's four
    expect(counts('B')).toEqual([1]);
    expect(counts('C')).toEqual([2]);
    for (const p of plans) for (const date of p.dates) expect(date > '2024-09-20' && date <= '2024-12-31' && isWorkingDay(date), date).toBe(true);
  });
});
