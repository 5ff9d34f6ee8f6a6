/**
 * The year between the draw and next year's plan, through the services on a real SQLite file, for
 * both plugins: reviewers, declarations, reviews and their approval, rectification, grade changes,
 * screening, publicity with objections, publication, plaques and supervision plans.
 */
import type { DocumentItem } from '../core/decisions/documents.ts';
import { parse } from 'node-html-parser';
import type { Lifecycle } from '../core/types.ts';
import { fixtureProject, threeLevels, gradeRule, ruleset } from './fixtures/project.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay } from '../core/calendar.ts';
import type { JianchaError } from '../core/errors.ts';
import { makeCreditCode } from '../core/creditCode.ts';
import { Decider } from '../core/decide.ts';
import { openDatabase, schema, type Db } from '../core/db/index.ts';
import { loadRegistry, type Registry } from '../core/registry.ts';
import { actorFor, localAdministrator, type Actor } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { campaignDeadlines, checkSettings, createCampaign, getCampaign } from '../core/services/campaign.ts';
import { declare, drawStaff } from '../core/services/declarations.ts';
import { draw, verifyDraw } from '../core/services/draw.ts';
import { renderCampaignDocument } from '../core/services/forms.ts';
import { storeEmployers } from '../core/services/employerImport.ts';
import { decideGradeChange, proposeGradeChange } from '../core/services/gradeChanges.ts';
import { listGrades } from '../core/services/grades.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { fileObjection, listObjections, publish, resolveObjection, startPublicity } from '../core/services/publicity.ts';
import {
  approveReview,
  assignReviewers,
  listRectifications,
  listReviews,
  pageReviews,
  recordReview,
  returnReview,
  reviewComments,
  reviewSpec,
  updateRectification,
} from '../core/services/reviews.ts';
import { readListing } from '../core/services/listing.ts';
import { screenGrades } from '../core/services/screening.ts';
import { listPlans, planSupervision } from '../core/services/supervision.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { createUser } from '../core/services/users.ts';

import { on } from './fixtures/today.ts';
import { eq } from 'drizzle-orm';

let registry: Registry;
let decider: Decider;
beforeAll(async () => {
  registry = await loadRegistry();
  decider = new Decider(registry);
});

async function database(): Promise<{ db: Db; admin: Actor }> {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'jiancha-year-')), 'jiancha.db'));
  await syncBureaus(db, registry);
  return { db, admin: await localAdministrator(db) };
}

async function account(db: Db, admin: Actor, username: string, role: Actor['role'], bureauId?: string, creditCode?: string): Promise<Actor> {
  await createUser(db, admin, { username, role, bureauId, creditCode, region: creditCode ? 'chongqing-jiangjin' : undefined });
  return await actorFor(db, username);
}

const settingsOf = (plugin: string) => JSON.parse(readFileSync(join(registry.get(plugin).dir, 'campaign.example.json'), 'utf8'));
const roster = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `E${String(i + 1).padStart(3, '0')}`, name: `职工${i + 1}` }));
const code = (i: number) => makeCreditCode('91', '500116', `MA${String(i).padStart(7, '0')}`);
const expectRefused = (promise: Promise<unknown>, pattern: RegExp) => expect(promise).rejects.toThrow(pattern);

describe('deadlines in working days of the official calendar', () => {
  const jiangjin = () => registry.get('chongqing-jiangjin').lifecycle() as Lifecycle;
  it('counts 10 working days over 中秋 2024 and its make-up Saturday and Sunday (9月14日、9月29日上班)', () => {
    const c = { year: 2023, settings: { noticeDate: '2024-09-13', declarationWorkingDays: 10 }, lifecycle: jiangjin() };
    expect(campaignDeadlines(c).declaration).toBe('2024-09-29');
  });
  it('takes the notice’s own date where it gives one (8月15日前完成网上申报), and the campaign’s end in 昌吉', () => {
    expect(campaignDeadlines({ year: 2023, settings: settingsOf('chongqing-jiangjin'), lifecycle: jiangjin() }).declaration).toBe('2024-08-15');
    const changji = registry.get('xinjiang-changji').lifecycle() as Lifecycle;
    expect(campaignDeadlines({ year: 2024, settings: settingsOf('xinjiang-changji'), lifecycle: changji }).declaration).toBe('2025-04-30');
  });
  it('never gives fewer than 5 working days of publicity (江津通知：拟评价结果公示不少于5个工作日)', () => {
    expect(campaignDeadlines({ year: 2023, settings: { publicityWorkingDays: 3 }, lifecycle: jiangjin() }).publicityWorkingDays).toBe(5);
  });
  it('counts from the notice the region’s days to declare (自接到书面审查通知之日起10个工作日内) where the settings give none', () => {
    expect(campaignDeadlines({ year: 2023, settings: { noticeDate: '2024-09-13' }, lifecycle: jiangjin() }).declaration).toBe('2024-09-29');
  });
  it('dates rectification by the region’s day of the notice’s year (整改工作原则上应在年底前全部完成)', () => {
    expect(campaignDeadlines({ year: 2023, settings: { noticeDate: '2024-08-02' }, lifecycle: jiangjin() }).rectification).toBe('2024-12-31');
  });
  it('follows a region that sets other numbers, with nothing in the core to change', () => {
    const lifecycle = {
      ...jiangjin(),
      declarationWorkingDays: { value: 3, basis: '某地通知' },
      publicityWorkingDays: { value: 7, basis: '某地通知：公示7个工作日' },
      rectificationDue: { value: '06-30', basis: '某地通知' },
    };
    // 2024-09-13 (Fri) + 3 working days: 9月14日 (make-up Saturday), then 9月18日 and 9月19日 after 中秋 (15–17)
    expect(campaignDeadlines({ year: 2023, settings: { noticeDate: '2024-09-13', publicityWorkingDays: 5 }, lifecycle })).toEqual({
      declaration: '2024-09-19',
      rectification: '2024-06-30',
      publicityWorkingDays: 7,
    });
  });
  it('refuses a campaign of a plugin whose chain leaves a lifecycle number unset, naming the manifest and key', async () => {
    const p = fixtureProject();
    p.write('plugins/bare/plugin.json', {
      id: 'bare',
      name: '无期限',
      version: '1.0.0',
      decisions: ['grading'],
      gradeScale: threeLevels,
      lifecycle: { publicityWorkingDays: { value: 5, basis: '某地通知' } },
    });
    p.write('rulesets/bare/grading.json', ruleset('bare', 'grading', [gradeRule('a', 'A', { all: [{ fact: 'punishedCount', operator: 'equal', value: 0 }] })]));
    const errors = checkSettings(await loadRegistry(p.root), 'bare', {}, '2024-01-01');
    expect(errors.map((e) => `${e.file}#${e.pointer}`)).toEqual([
      'plugins/bare/plugin.json#/lifecycle/declarationWorkingDays',
      'plugins/bare/plugin.json#/lifecycle/rectificationDue',
    ]);
  });
  it('refuses settings with a shorter publicity than the region’s, naming the setting and the basis', () => {
    const settings = { ...settingsOf('chongqing-jiangjin'), publicityWorkingDays: 3 };
    const errors = checkSettings(registry, 'chongqing-jiangjin', settings, '2024-08-02');
    expect(errors).toContainEqual(
      expect.objectContaining({ pointer: '/settings/publicityWorkingDays', zh: expect.stringContaining('拟评价结果公示不少于5个工作日') }),
    );
  });
});

describe('the 重庆江津 2023 year after the draw', () => {
  const w = {} as { db: Db; admin: Actor; id: number; head: Actor; head2: Actor; clerkA: Actor; clerkB: Actor; drawn: string[] };

  beforeAll(async () => {
    const { db, admin } = await database();
    const employers = Array.from({ length: 60 }, (_, i) => ({
      creditCode: code(i),
      name: `江津测试${i}有限公司`,
      unitType: 'enterprise',
      divisionCode: '500116',
      headcount: 30,
      usesDispatch: false,
      operating: true,
      industryCode: i % 10 === 0 ? '4811' : '1311',
      lastGrade: ['A', 'B', 'C'][i % 3],
    }));
    await storeEmployers(db, admin, 'chongqing-jiangjin', employers, 'test');
    const campaign = await createCampaign(db, registry, admin, {
      plugin: 'chongqing-jiangjin',
      year: 2023,
      bureau: 'cq-jiangjin',
      settings: settingsOf('chongqing-jiangjin'),
    });
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, '2024-08-05 公开种子');
    const drawn = db.$client
      .prepare('SELECT e.credit_code FROM draw_members m JOIN employers e ON e.id = m.employer_id ORDER BY e.credit_code')
      .pluck()
      .all() as string[];
    Object.assign(w, {
      db,
      admin,
      id: campaign.id,
      drawn,
      head: await account(db, admin, 'jj-head', 'head', 'cq-jiangjin'),
      head2: await account(db, admin, 'jj-head2', 'head', 'cq-jiangjin'),
      clerkA: await account(db, admin, 'jj-a', 'clerk', 'cq-jiangjin'),
      clerkB: await account(db, admin, 'jj-b', 'clerk', 'cq-jiangjin'),
    });
  });

  it('deals reviewers to the drawn employers at random, evenly and reproducibly', async () => {
    const { assigned } = await assignReviewers(w.db, w.head, w.id, ['jj-b', 'jj-a']);
    expect(assigned['jj-a'] + assigned['jj-b']).toBe(w.drawn.length);
    expect(Math.abs(assigned['jj-a'] - assigned['jj-b'])).toBeLessThanOrEqual(1);
    const first = listReviews(w.db, w.head, w.id).map((r) => `${r.creditCode}:${r.reviewer}`);
    await assignReviewers(w.db, w.head, w.id, ['jj-a', 'jj-b']);
    expect(listReviews(w.db, w.head, w.id).map((r) => `${r.creditCode}:${r.reviewer}`)).toEqual(first);
    // clerks deal reviewers too (core/policy.ts), but only for their own bureau
    await expectRefused(assignReviewers(w.db, w.clerkA, w.id, ['jj-a'], 'cq-wanzhou'), /无权处理 cq-wanzhou/);
  });

  it('records a declaration: staff sample by the rules’ size, the seven documents, on time or late', async () => {
    const [x, y] = w.drawn;
    // 地区自定：11至50人抽查10人
    const d = await declare(w.db, decider, w.clerkA, w.id, x, {
      basics: { insuredPension: 30, monthlyWageTotal: 150000 },
      roster: roster(30),
      submittedOn: '2024-08-14',
      submittedOnReason: '纸质申报补录',
    });
    expect(d.staffSample).toHaveLength(10);
    expect(d.staffSample).toEqual(drawStaff('2024-08-05 公开种子', x, roster(30), 10));
    expect(new Set(d.staffSample.map((s) => s.id)).size).toBe(10);
    expect(drawStaff('another seed', x, roster(30), 10)).not.toEqual(d.staffSample);
    // the checklist names them, by 工号 and name: 系统抽中人员的劳动合同… are theirs (江津通知 三、（一）2)
    const checklist = parse((await renderCampaignDocument(w.db, decider, w.clerkA, w.id, 'checklist', x)).html).querySelector('article')!;
    const listed = checklist
      .querySelectorAll('table')
      .at(-1)!
      .querySelectorAll('tbody tr')
      .map((tr) => tr.querySelectorAll('td').map((td) => td.text));
    expect(listed).toEqual(d.staffSample.map((s, i) => [String(i + 1), s.id, s.name]));
    expect(d.late).toBe(false);
    expect(d.dueDate).toBe('2024-08-15');
    // 二、（一）：七项材料，所属月份为5月和10月
    expect(d.checklist).toHaveLength(7);
    expect(JSON.stringify(d.checklist)).toContain('2023-10');
    const late = await declare(w.db, decider, w.clerkA, w.id, y, {
      basics: {},
      roster: roster(5),
      submittedOn: '2024-08-16',
      submittedOnReason: '纸质申报补录',
    });
    expect(late.late).toBe(true);
    // 10人以下全部抽查
    expect(late.staffSample).toHaveLength(5);
  });

  it('lets an employer declare only for itself, and not backdate it', async () => {
    const [x, , z] = w.drawn;
    const employer = await account(w.db, w.admin, 'emp-z', 'employer', undefined, z);
    await expect(declare(w.db, decider, employer, w.id, x, { basics: {}, roster: roster(3) })).rejects.toThrow(/本辖区没有/);
    await expect(declare(w.db, decider, employer, w.id, z, { basics: {}, roster: roster(3), submittedOn: '2024-08-01' })).rejects.toThrow(/由人社局登记/);
    // the date received is the bureau's, never in the future, and a back-entry says why
    await expect(
      declare(w.db, decider, w.clerkA, w.id, z, { basics: {}, roster: roster(3), submittedOn: '9999-12-31', submittedOnReason: '纸质申报补录' }),
    ).rejects.toThrow(/晚于今天/);
    await expect(declare(w.db, decider, w.clerkA, w.id, z, { basics: {}, roster: roster(3), submittedOn: '2024-08-01' })).rejects.toThrow(/须写明理由/);
    await expect(declare(w.db, decider, employer, w.id, z, { basics: { insuredPension: -1 }, roster: roster(3) })).rejects.toThrow(/申报内容不符合要求/);
    // each error names its field as the form does, every repeated staff id at once
    const refusal = (input: Parameters<typeof declare>[5]) =>
      declare(w.db, decider, employer, w.id, z, input).catch((e: JianchaError) => e.details.map((d) => d.zh));
    expect(await refusal({ basics: { wagePayDay: 35 }, roster: roster(3) })).toEqual(['「每月工资支付日」应当不大于 31']);
    const twice = [...roster(3), roster(3)[0], roster(3)[2]];
    expect(await refusal({ basics: {}, roster: twice })).toEqual(['「花名册·第 4 项·工号」E001 与第 1 项重复', '「花名册·第 5 项·工号」E003 与第 3 项重复']);
    const notDrawn = Array.from({ length: 60 }, (_, i) => code(i)).find((c) => !w.drawn.includes(c))!;
    await expect(declare(w.db, decider, w.clerkA, w.id, notDrawn, { basics: {}, roster: roster(3) })).rejects.toThrow(/不在活动 \d+ 的审查名单中/);
  });

  it('decides the review from findings; a head who did not record it approves; findings become rectifications due at year end', async () => {
    const [x, y] = w.drawn;
    const reviewerOf = (c: string) => listReviews(w.db, w.head, w.id).find((r) => r.creditCode === c)!.reviewer;
    const clerkFor = (c: string) => (reviewerOf(c) === 'jj-a' ? w.clerkA : w.clerkB);
    const other = (c: string) => (reviewerOf(c) === 'jj-a' ? w.clerkB : w.clerkA);
    await expect(recordReview(w.db, decider, other(x), w.id, x, { findings: [] })).rejects.toThrow(/已分配给其他审查人员/);
    // 违法行为轻微并有主动改正意愿的 … 下发整改建议书
    const r = await recordReview(w.db, decider, clerkFor(x), w.id, x, { findings: [{ item: 'wages', severity: 'minor', note: '5月工资迟发3天' }] });
    expect(r).toMatchObject({ outcome: 'basicPass', status: 'recorded' });
    expect(r.result.findings[0].itemText).toBe('用人单位支付工资和执行最低工资标准的情况');
    await expect(recordReview(w.db, decider, clerkFor(x), w.id, x, { findings: [{ item: 'salary' as never, severity: 'minor' }] })).rejects.toThrow(
      /审查事项不在本地区的审查内容中：salary/,
    );
    await expectRefused(approveReview(w.db, clerkFor(x), w.id, x), /需要角色/);
    // a head sends it back with why (退回): a clerk may not, nor a head without a comment
    await expectRefused(returnReview(w.db, clerkFor(x), w.id, x, '请补充'), /审批审查结果需要角色：负责人/);
    await expectRefused(returnReview(w.db, w.head, w.id, x, '  '), /退回审查须填写审批意见/);
    const why = '工资迟发天数未附工资发放记录，请核对后重新录入';
    expect((await returnReview(w.db, w.head, w.id, x, why)).review.status).toBe('returned');
    const campaign = getCampaign(w.db, w.head, w.id);
    const queue = (actor: Actor, name: string) => {
      const spec = reviewSpec(w.db, actor, campaign);
      return pageReviews(
        w.db,
        actor,
        campaign,
        spec,
        readListing(spec, (k) => ({ queue: name, size: '100' })[k]),
      ).rows;
    };
    // back in the reviewer's 待我审查 with the comment, out of the heads' 待我审批
    expect(queue(clerkFor(x), 'review').find((r) => r.creditCode === x)).toMatchObject({ status: 'returned', comment: why });
    expect(queue(w.head2, 'approve').map((r) => r.creditCode)).not.toContain(x);
    await expectRefused(approveReview(w.db, w.head2, w.id, x), /已退回审查人员/);
    await recordReview(w.db, decider, clerkFor(x), w.id, x, { findings: [{ item: 'wages', severity: 'minor', note: '5月工资迟发3天，已核对工资发放记录' }] });
    expect(queue(clerkFor(x), 'review').map((r) => r.creditCode)).not.toContain(x);
    expect(queue(w.head, 'approve').find((r) => r.creditCode === x)).toMatchObject({ status: 'recorded', comment: why });
    // a head records y (late, no excuse: 第三十条) and may not approve it himself
    const ry = await recordReview(w.db, decider, w.head, w.id, y, { findings: [] });
    expect(ry).toMatchObject({ outcome: 'fail', disposition: 'caseFiling' });
    expect(ry.reasons[0].basis).toContain('第三十条');
    await expectRefused(approveReview(w.db, w.head, w.id, y), /不能审批自己录入的审查结果/);
    await approveReview(w.db, w.head2, w.id, y);
    const { rectifications, review } = await approveReview(w.db, w.head, w.id, x, '同意，按期整改');
    expect(rectifications).toHaveLength(1);
    expect(reviewComments(w.db, review.id).map((c) => [c.action, c.comment, c.byName])).toEqual([
      ['return', why, 'jj-head'],
      ['approve', '同意，按期整改', 'jj-head'],
    ]);
    // the 审查表 prints the head's 审批意见 and the day in its approval block (负责人审批（签字）)
    const form = parse((await renderCampaignDocument(w.db, decider, w.head, w.id, 'reviewForm', x)).html);
    const approvalCell = form.querySelectorAll('td.date').at(-1)!.text;
    expect(approvalCell).toMatch(/^同意，按期整改\d{4}年\d{1,2}月\d{1,2}日$/);
    // each decision is in the audit log with its comment
    const logged = w.db.$client
      .prepare(
        "SELECT action, json_extract(after, '$.comment') AS comment FROM audit_log WHERE entity = 'review' AND entity_id = ? AND action IN ('return', 'approve') ORDER BY id",
      )
      .all(String(review.id));
    expect(logged).toEqual([
      { action: 'return', comment: why },
      { action: 'approve', comment: '同意，按期整改' },
    ]);
    expect(rectifications[0]).toMatchObject({ item: 'wages', dueDate: '2024-12-31', status: 'open' });
    await expectRefused(approveReview(w.db, w.head2, w.id, x), /已审批/);
  });

  it('tracks rectification: the employer submits evidence, the bureau verifies; open ones fall overdue after the due date', async () => {
    const [x] = w.drawn;
    const employer = await account(w.db, w.admin, 'emp-x', 'employer', undefined, x);
    const [item] = listRectifications(w.db, employer, w.id, '2024-10-01');
    expect(item).toMatchObject({ creditCode: x, overdue: false });
    expect(listRectifications(w.db, employer, w.id, '2025-01-02')[0].overdue).toBe(true);
    await expectRefused(updateRectification(w.db, employer, w.id, item.id, 'submitted'), /须附整改情况说明/);
    await updateRectification(w.db, employer, w.id, item.id, 'submitted', '已补发工资，附银行流水');
    await expectRefused(updateRectification(w.db, employer, w.id, item.id, 'verified'), /核验整改需要角色：经办人、负责人、管理员（您是用人单位）/);
    await updateRectification(w.db, w.clerkA, w.id, item.id, 'verified');
    expect(listRectifications(w.db, w.head, w.id, '2025-01-02')[0]).toMatchObject({ status: 'verified', overdue: false });
  });

  it('grades from the year’s own record: an approved review is an inspection; the grade change needs a head who did not ask', async () => {
    const [x, y] = w.drawn;
    const run = await runGrading(w.db, decider, w.admin, w.id);
    // 四、（一）：只评价实施了劳动保障监察的企业 — the two approved reviews are the only inspections
    expect(run.counts.notGraded).toBe(58);
    const grades = listGrades(w.db, w.head, w.id);
    expect(grades.find((g) => g.creditCode === x)).toMatchObject({ graded: true, grade: 'A' });
    expect(grades.find((g) => g.creditCode === y)?.graded).toBe(true);
    await expectRefused(proposeGradeChange(w.db, registry, w.clerkA, w.id, x, 'B', ''), /须写明理由/);
    const change = await proposeGradeChange(w.db, registry, w.head2, w.id, x, 'B', '复核发现工资迟发系多次发生');
    await expectRefused(decideGradeChange(w.db, registry, w.head2, w.id, change.id, true), /不能审批自己提出的等级变更/);
    await expectRefused(decideGradeChange(w.db, registry, w.clerkA, w.id, change.id, true), /需要角色/);
    await decideGradeChange(w.db, registry, w.head, w.id, change.id, true);
    const changed = listGrades(w.db, w.head, w.id).find((g) => g.creditCode === x)!;
    expect(changed).toMatchObject({ grade: 'B', label: '基本诚信', status: 'changed' });
    expect(changed.reasons.at(-1)!.reason).toContain('复核发现工资迟发系多次发生');
    await expect(runGrading(w.db, decider, w.admin, w.id)).rejects.toThrow(/不能重新初评/);
  });

  it('screens the preliminary grades: one entity graded twice differently, a grade with no inspection', async () => {
    const [x] = w.drawn;
    expect((await screenGrades(w.db, registry, w.head, w.id)).findings).toEqual([]);
    // a second campaign of the same year grades x again, and differently
    const second = await createCampaign(w.db, registry, w.admin, {
      plugin: 'chongqing-jiangjin',
      year: 2023,
      bureau: 'cq-jiangjin',
      settings: settingsOf('chongqing-jiangjin'),
    });
    await assignJurisdiction(w.db, decider, w.admin, second.id);
    await draw(w.db, decider, w.admin, second.id, 'second');
    w.db
      .insert(schema.yearRecords)
      .values({
        campaignId: second.id,
        employerId: w.db.select().from(schema.employers).where(eq(schema.employers.creditCode, x)).get()!.id,
        facts: { inspected: true },
      })
      .run();
    await runGrading(w.db, decider, w.admin, second.id);
    const { findings, counts } = await screenGrades(w.db, registry, w.head, w.id);
    expect(counts).toEqual({ twoGrades: 1, nonEnterprise: 0, noInspection: 0 });
    expect(findings[0]).toMatchObject({ creditCode: x, label: '同一主体不同等级' });
  });

  it('puts grades to publicity for 5 working days, takes objections within it, and publishes after', async () => {
    const [x] = w.drawn;
    const employer = await actorFor(w.db, 'emp-x');
    await expectRefused(
      on('2024-09-19', () => fileObjection(w.db, employer, w.id, x, '我单位工资迟发仅一次')),
      /不在公示期/,
    );
    await expectRefused(
      on('2024-09-13', () => startPublicity(w.db, w.head, w.id, '2024-09-13', '2024-09-18')),
      /只有 3 个工作日，不少于 5 个工作日/,
    );
    // the server's day decides: a publicity cannot start on a day already past
    await expectRefused(
      on('2024-09-14', () => startPublicity(w.db, w.head, w.id, '2024-09-13')),
      /不能从已过去的 2024-09-13 开始/,
    );
    // 9月13日（五）、14日（六，调休上班）、18日、19日、20日: 中秋 9月15–17日 is not counted
    const period = await on('2024-09-13', () => startPublicity(w.db, w.head, w.id, '2024-09-13'));
    expect(period).toMatchObject({ fromDate: '2024-09-13', toDate: '2024-09-20', workingDays: 5 });
    expect(getCampaign(w.db, w.head, w.id).status).toBe('publicity');
    await expectRefused(
      on('2024-09-21', () => fileObjection(w.db, employer, w.id, x, '我单位工资迟发仅一次')),
      /异议须在公示期 2024-09-13 至 2024-09-20 内提出/,
    );
    // an employer cannot date its objection back into the period; only its bureau enters a paper, with a reason
    await expectRefused(
      on('2024-09-21', () => fileObjection(w.db, employer, w.id, x, '我单位工资迟发仅一次', { receivedOn: '2024-09-19', reason: '邮寄' })),
      /收件日期由人社局登记/,
    );
    await expectRefused(
      on('2024-09-21', () => fileObjection(w.db, w.clerkA, w.id, x, '我单位工资迟发仅一次', { receivedOn: '2024-09-19', reason: '' })),
      /须写明理由/,
    );
    await expectRefused(
      on('2024-09-19', () => fileObjection(w.db, w.clerkA, w.id, x, '我单位工资迟发仅一次', { receivedOn: '2024-09-20', reason: '提前登记' })),
      /晚于今天/,
    );
    const objection = await on('2024-09-19', () => fileObjection(w.db, employer, w.id, x, '我单位工资迟发仅一次，已整改'));
    await expectRefused(
      on('2024-09-23', () => publish(w.db, w.head, w.id)),
      /1 项异议未处理/,
    );
    const resolved = await resolveObjection(w.db, registry, w.clerkA, w.id, objection.id, { upheld: true, text: '核实属实，恢复A级', toGrade: 'A' });
    expect(resolved.gradeChangeId).not.toBeNull();
    await expectRefused(
      on('2024-09-23', () => publish(w.db, w.head, w.id)),
      /1 项等级变更待审批/,
    );
    await decideGradeChange(w.db, registry, w.head, w.id, resolved.gradeChangeId!, true);
    await expectRefused(
      on('2024-09-20', () => publish(w.db, w.head, w.id)),
      /公示期至 2024-09-20 结束/,
    );
    expect((await on('2024-09-23', () => publish(w.db, w.head, w.id))).published).toBe(2);
    const history = w.db.select().from(schema.employers).where(eq(schema.employers.creditCode, x)).get()!.gradeHistory;
    expect(history).toEqual([{ year: 2023, grade: 'A' }]);
    expect(listGrades(w.db, w.head, w.id).find((g) => g.creditCode === x)?.status).toBe('published');
    // publication does not touch what the draw was made from
    expect((await verifyDraw(w.db, decider, w.head, w.id)).matches).toBe(true);
  });

  it('keeps every step in an append-only audit log: the database refuses to change or remove a record', () => {
    const actions = w.db.$client.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all();
    expect(actions).toEqual(
      expect.arrayContaining(['create', 'draw', 'assign-reviewers', 'record', 'approve', 'request', 'publicity', 'file', 'resolve', 'publish']),
    );
    expect(() => w.db.$client.prepare("UPDATE audit_log SET actor = 'someone-else'").run()).toThrow(/append-only/);
    expect(() => w.db.$client.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(w.db.$client.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(actions.length);
  });

  it('plans next year’s supervision by grade; three consecutive A years make a plaque (连续3年评为A级…铭牌)', async () => {
    const [x] = w.drawn;
    w.db.$client.prepare('UPDATE employers SET grade_history = ? WHERE credit_code = ?').run(
      JSON.stringify([
        { year: 2021, grade: 'A' },
        { year: 2022, grade: 'A' },
        { year: 2023, grade: 'A' },
      ]),
      x,
    );
    expect(await planSupervision(w.db, decider, w.head, w.id)).toMatchObject({ year: 2024, employers: 2 });
    const plans = listPlans(w.db, w.head, w.id);
    const a = plans.find((p) => p.creditCode === x)!;
    // 对评为A级的企业，除有举报投诉外，原则上不纳入本年度主动巡查范围
    expect(a).toMatchObject({ grade: 'A', exemptFromPatrol: true, dates: [], plaque: true });
    expect(plans.filter((p) => p.plaque)).toHaveLength(1);
    // published on 23 September 2024: the plan runs to the end of 本年度, each B or C employer patrolled after that day
    // (江津 sets no number: its rules give B twice and C four times a year, the rest of the year's parts after publication)
    const other = plans.find((p) => p.creditCode !== x)!;
    expect(other.exemptFromPatrol || other.dates.length > 0).toBe(true);
    for (const p of plans) for (const date of p.dates) expect(date > '2024-09-23' && date <= '2024-12-31').toBe(true);
  });
});

describe('the 新疆昌吉 2024 year: counties do their own employers’ work, the prefecture sees it', () => {
  it('keeps each county to its own employers, plans patrols each half year for B and each quarter for C', async () => {
    const { db, admin } = await database();
    await storeEmployers(db, admin, 'xinjiang-changji', [...syntheticPopulation(registry.get('xinjiang-changji'), 300, 652300)] as never, 'synthetic');
    const campaign = await createCampaign(db, registry, admin, {
      plugin: 'xinjiang-changji',
      year: 2024,
      bureau: 'changji-prefecture',
      settings: settingsOf('xinjiang-changji'),
    });
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, '昌吉州2024');
    const byBureau = (bureau: string) =>
      db.$client
        .prepare(
          "SELECT e.credit_code FROM assignments a JOIN employers e ON e.id = a.employer_id JOIN draw_members m ON m.employer_id = a.employer_id WHERE a.campaign_id = ? AND a.bureau_id = ? AND e.unit_type = 'enterprise' ORDER BY e.credit_code",
        )
        .pluck()
        .all(campaign.id, bureau) as string[];
    const [own] = byBureau('changji-city');
    const [elsewhere] = byBureau('fukang');
    const countyClerk = await account(db, admin, 'cj-city', 'clerk', 'changji-city');
    const countyHead = await account(db, admin, 'cj-city-head', 'head', 'changji-city');
    const prefectureClerk = await account(db, admin, 'cj-pref', 'clerk', 'changji-prefecture');
    // the registry says 5 staff, the roster declares 25: the roster is what the checklist counts
    db.update(schema.employers).set({ headcount: 5 }).where(eq(schema.employers.creditCode, own)).run();
    const d = await declare(db, decider, countyClerk, campaign.id, own, {
      basics: {},
      roster: roster(25),
      submittedOn: '2025-04-10',
      submittedOnReason: '纸质申报补录',
    });
    expect(d).toMatchObject({ dueDate: '2025-04-30', late: false });
    // 附件《用人单位须提供书面材料清单》二、（二）3：二十人以上的单位，携带各类型劳动合同文本各三份；二十人以下的单位，全部携带 — stored and printed alike
    const contracts = (d.checklist as DocumentItem[]).find((item) => item.id === 'labour-contracts')!;
    expect(contracts.quantity).toBe('二十人以上的单位，携带各类型劳动合同文本各三份');
    const printed = (await renderCampaignDocument(db, decider, countyClerk, campaign.id, 'checklist', own)).html;
    expect(printed).toContain('各三份');
    expect(printed).not.toContain('全部携带');
    await expect(declare(db, decider, countyClerk, campaign.id, elsewhere, { basics: {}, roster: roster(3) })).rejects.toThrow(/本辖区没有/);
    // the prefecture sees the county's employer, and may not change its review
    await expect(recordReview(db, decider, prefectureClerk, campaign.id, own, { findings: [] })).rejects.toThrow(/本局只能查看/);
    // 昌吉: 审查不合格 for any violation found
    const r = await recordReview(db, decider, countyClerk, campaign.id, own, { findings: [{ item: 'contracts', severity: 'minor' }] });
    expect(r.outcome).toBe('fail');
    await approveReview(db, countyHead, campaign.id, own);
    expect(listReviews(db, prefectureClerk, campaign.id).map((x) => x.creditCode)).toContain(own);
    expect(listReviews(db, countyClerk, campaign.id).every((x) => x.bureauId === 'changji-city')).toBe(true);

    // 第七条：三次以上被查处 → C
    const punished = db.select().from(schema.employers).where(eq(schema.employers.creditCode, elsewhere)).get()!;
    db.insert(schema.yearRecords)
      .values({ campaignId: campaign.id, employerId: punished.id, facts: { punishedCount: 3, inspected: true } })
      .run();
    await runGrading(db, decider, admin, campaign.id);
    const prefectureHead = await account(db, admin, 'cj-pref-head', 'head', 'changji-prefecture');
    await on('2025-05-06', () => startPublicity(db, prefectureHead, campaign.id, '2025-05-06'));
    // an objection is its county's business: the prefecture sees it, another county does not
    const objection = await on('2025-05-07', () => fileObjection(db, countyClerk, campaign.id, own, '合同已全部补签，请求复核'));
    const otherCounty = await account(db, admin, 'cj-fukang', 'clerk', 'fukang');
    expect(await listObjections(db, otherCounty, campaign.id)).toEqual([]);
    expect((await listObjections(db, prefectureClerk, campaign.id)).map((o) => o.creditCode)).toEqual([own]);
    await resolveObjection(db, registry, countyHead, campaign.id, objection.id, { upheld: false, text: '审查结论无误，维持' });
    // 五、（三）：各县市（园区）……对本辖区企业劳动保障守法诚信等级进行评定: the county that grades tells its C employer
    // in writing as the publicity opens, under its own name, the first 文号 of its year, on the facts of its records
    const letter = (await renderCampaignDocument(db, decider, prefectureHead, campaign.id, 'lowGradeNotice', elsewhere)).html;
    expect(letter).toMatch(/<div class="issuer-mark"[^>]*><span[^>]*>阜康市人力资源和社会保障局<\/span><\/div>/);
    expect(letter).not.toContain('昌吉回族自治州人力资源和社会保障局');
    expect(letter).toContain('阜康市人力资源和社会保障局诚信告〔2025〕1号');
    expect(letter).toContain('事实：据年度劳动保障监察记录，查处次数：3。');
    // 陈述申辩 within 5 working days of receipt (the 州's choice: its notice and the 自治区实施办法 on record say none), from Tuesday 6 May
    expect(letter).toContain('本告知书于2025年5月6日送达的，至2025年5月13日止');
    // a change that proposes C during the publicity tells that employer then, with the county's next number
    const fukangHead = await account(db, admin, 'cj-fukang-head', 'head', 'fukang');
    const [, later] = byBureau('fukang');
    const change = await proposeGradeChange(db, registry, otherCounty, campaign.id, later, 'C', '补录查处记录：使用童工');
    await on('2025-05-08', () => decideGradeChange(db, registry, fukangHead, campaign.id, change.id, true));
    const second = (await renderCampaignDocument(db, decider, fukangHead, campaign.id, 'lowGradeNotice', later)).html;
    expect(second).toContain('阜康市人力资源和社会保障局诚信告〔2025〕2号');
    expect(second).toContain('<br>2025年5月8日</div>');
    // the change's reason, not the A the run gave before it
    expect(second).toContain('（一）由B级变更为C级：补录查处记录：使用童工');
    expect(second).not.toMatch(/<p>（二）[^<]*依据：/);
    // after the letters' 陈述申辩 periods: the one of 8 May runs to the 15th
    await expectRefused(
      on('2025-05-15', () => publish(db, prefectureHead, campaign.id)),
      /书面告知的陈述申辩期至 2025-05-15 结束/,
    );
    await on('2025-05-16', () => publish(db, prefectureHead, campaign.id));
    await planSupervision(db, decider, prefectureHead, campaign.id);
    const plans = listPlans(db, prefectureHead, campaign.id);
    // 六、（三）：对于被评为B级的企业，每半年进行一次日常巡视检查；对于被评为C级的企业，每季度进行一次日常巡视检查，
    // 并对其主要负责人、直接责任人进行约谈 — from publication on 16 May to the end of 当年: the rest of each part
    const b = plans.find((p) => p.grade === 'B')!;
    expect(b.dates).toHaveLength(2);
    expect(b.dates[0] < '2025-07-01' && b.dates[1] >= '2025-07-01').toBe(true);
    const c = plans.find((p) => p.grade === 'C')!;
    expect(c.dates.map((date) => Math.floor((Number(date.slice(5, 7)) - 1) / 3))).toEqual([1, 2, 3]);
    expect(c.interview).toBe(true);
    for (const p of plans) for (const date of p.dates) expect(isWorkingDay(date) && date > '2025-05-16' && date <= '2025-12-31').toBe(true);
    // the A grade in 昌吉's own words: 当年免于日常巡视检查
    expect(plans.find((p) => p.grade === 'A')!.measures).toEqual(['当年免于日常巡视检查']);
    const planPrinted = (await renderCampaignDocument(db, decider, prefectureHead, campaign.id, 'patrolPlan')).html;
    expect(planPrinted).toContain('（2025年5月16日公布）');
    expect(planPrinted).not.toContain('原则上不纳入本年度主动巡查范围');
    const list = (await renderCampaignDocument(db, decider, prefectureHead, campaign.id, 'gradeList')).html;
    expect(list).toMatch(/<div class="signature"><div>[^<]+<br>2025年5月16日<\/div>/);
    expect(plans.find((p) => p.grade === 'A')).toMatchObject({ exemptFromPatrol: true, dates: [] });
    // a county sees only its own plans
    expect(listPlans(db, countyClerk, campaign.id).length).toBeLessThan(plans.length);
  });
});
