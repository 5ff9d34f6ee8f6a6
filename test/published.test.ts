/**
 * Published results stay published: after publication nothing changes a campaign's grades or how its
 * published lists print, and a stored draw verifies against the inputs it used, naming what changed
 * since. Through the services on a real SQLite file.
 */
import { jiangjinCode, jiangjinEmployers } from './fixtures/jiangjin.ts';
import { exampleSettings } from './fixtures/project.ts';
import { on } from './fixtures/today.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase, type Db } from '../core/db/index.ts';
import { loadRegistry, projectRoot, type Registry } from '../core/registry.ts';
import { actorFor, localAdministrator, type Actor } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createCampaign, type Campaign } from '../core/services/campaign.ts';
import { draw, verifyDraw } from '../core/services/draw.ts';
import { storeEmployers } from '../core/services/employerImport.ts';
import { renderCampaignDocument } from '../core/services/forms.ts';
import { listGrades } from '../core/services/grades.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { publish, startPublicity } from '../core/services/publicity.ts';
import { recordReview } from '../core/services/reviews.ts';
import { planSupervision } from '../core/services/supervision.ts';
import { saveTemplateOverride } from '../core/services/templates.ts';
import { createUser } from '../core/services/users.ts';
import { importYearRecords } from '../core/services/yearRecords.ts';

let registry: Registry;
let decider: Decider;
beforeAll(async () => {
  registry = await loadRegistry();
  decider = new Decider(registry);
});

const settings = (year: number) => exampleSettings('chongqing-jiangjin', year);
const code = jiangjinCode;
const employers = (n: number) => jiangjinEmployers(n, (i) => ({ industryCode: i % 10 === 0 ? '4811' : '1311', lastGrade: ['A', 'B', 'C'][i % 3] }));
/** every employer inspected (else not graded in 江津); child labour (使用童工) makes code(1) C */
const records = (n: number) =>
  Buffer.from(`统一社会信用代码,实施劳动保障监察,使用童工\n${Array.from({ length: n }, (_, i) => `${code(i)},是,${i === 1 ? '是' : '否'}\n`).join('')}`);

async function world(n = 30) {
  const db: Db = openDatabase(join(mkdtempSync(join(tmpdir(), 'jiancha-published-')), 'jiancha.db'));
  await syncBureaus(db, registry);
  const admin = await localAdministrator(db);
  await createUser(db, admin, { username: 'jj-head', role: 'head', bureauId: 'cq-jiangjin' });
  await storeEmployers(db, admin, 'chongqing-jiangjin', employers(n), 'test');
  return { db, admin, head: await actorFor(db, 'jj-head') };
}

/** A campaign of `year` assigned and drawn. */
async function drawn(db: Db, admin: Actor, year: number): Promise<Campaign> {
  const campaign = await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year, bureau: 'cq-jiangjin', settings: settings(year) });
  await assignJurisdiction(db, decider, admin, campaign.id);
  await draw(db, decider, admin, campaign.id, `${year} 公开种子`);
  return campaign;
}

/** Graded, with one employer given C by its year record, and put to publicity. */
async function inPublicity(db: Db, admin: Actor, head: Actor, campaign: Campaign) {
  await importYearRecords(db, admin, campaign.id, records(30), 'csv', 'records.csv');
  await runGrading(db, decider, admin, campaign.id);
  await on('2024-09-13', () => startPublicity(db, head, campaign.id, '2024-09-13'));
}

async function publishedYear() {
  const w = await world();
  const campaign = await drawn(w.db, w.admin, 2023);
  await inPublicity(w.db, w.admin, w.head, campaign);
  // after the C employers' 5 working days to answer the letter of 13 September (to the 23rd)
  await on('2024-09-24', () => publish(w.db, w.head, campaign.id));
  const list = async () => (await renderCampaignDocument(w.db, decider, w.head, campaign.id, 'gradeList')).html;
  return { ...w, campaign, list };
}

describe('a published campaign', () => {
  it('refuses a new jurisdiction run, and its published list and grades stay as published when the registry changes', async () => {
    const { db, admin, head, campaign, list } = await publishedYear();
    const printed = await list();
    const grades = listGrades(db, head, campaign.id);
    expect(grades.find((g) => g.creditCode === code(1))).toMatchObject({ grade: 'C', status: 'published', name: '江津测试1有限公司' });
    expect(printed).toContain('江津测试1有限公司');
    // the C employer moves out of the district and is renamed
    db.$client.prepare("UPDATE employers SET division_code = '500101', name = '改名后的公司' WHERE credit_code = ?").run(code(1));
    await expect(assignJurisdiction(db, decider, admin, campaign.id)).rejects.toThrow(/已完成“公布”，不能再划分管辖/);
    expect(await list()).toBe(printed);
    expect(listGrades(db, head, campaign.id)).toEqual(grades);
  });

  it('refuses a template override or its removal, and prints its published list as published', async () => {
    const { db, admin, campaign, list } = await publishedYear();
    const printed = await list();
    const shipped = readFileSync(join(projectRoot, 'templates/common/gradeList.hbs'), 'utf8');
    const everyoneA = shipped.replace(/\{\{\s*print\s*\}\}/g, 'A级');
    expect(everyoneA).not.toBe(shipped);
    await expect(saveTemplateOverride(db, decider, admin, campaign.id, 'gradeList', everyoneA)).rejects.toThrow(/已完成“公布”，不能再修改模板/);
    await expect(saveTemplateOverride(db, decider, admin, campaign.id, 'gradeList', null)).rejects.toThrow(/已完成“公布”，不能再修改模板/);
    expect(await list()).toBe(printed);
  });

  it('prints a published low-grade notice with the wording it was published with, even if the stored override is changed behind its back', async () => {
    const { db, head, campaign } = await publishedYear();
    const notice = async () => (await renderCampaignDocument(db, decider, head, campaign.id, 'lowGradeNotice', code(1))).html;
    const printed = await notice();
    expect(printed).toContain('江津测试1有限公司');
    db.$client
      .prepare('UPDATE campaigns SET template_overrides = ? WHERE id = ?')
      .run(JSON.stringify({ lowGradeNotice: '<p>{{employer.name}} 为A级</p>' }), campaign.id);
    expect(await notice()).toBe(printed);
  });

  it('refuses year records', async () => {
    const { db, admin, head, campaign } = await publishedYear();
    const grades = listGrades(db, head, campaign.id);
    await expect(importYearRecords(db, admin, campaign.id, records(3), 'csv', 'records.csv')).rejects.toThrow(/已完成“公布”，不能再导入年度记录/);
    expect(listGrades(db, head, campaign.id)).toEqual(grades);
  });

  it('keeps the ruleset hash every stored grade was decided with', async () => {
    const { db, head, campaign } = await publishedYear();
    const hash = decider.prepare('chongqing-jiangjin', 'grading', '2024-08-02').hash;
    const grades = listGrades(db, head, campaign.id);
    expect(grades.length).toBe(30);
    expect(grades.every((g) => g.rulesetHash === hash)).toBe(true);
  });

  it('keeps with each stored result the ruleset hash it was decided with: assignments, draw, reviews, plans', async () => {
    const { db, admin, head } = await world();
    const campaign = await drawn(db, admin, 2023);
    const hashOf = (decision: 'jurisdiction' | 'sampling' | 'review' | 'cadence') => decider.prepare('chongqing-jiangjin', decision, '2024-08-02').hash;
    const one = (sql: string) => db.$client.prepare(sql).pluck().get(campaign.id);
    const drawnCode = one(
      'SELECT e.credit_code FROM draw_members m JOIN draws d ON d.id = m.draw_id JOIN employers e ON e.id = m.employer_id WHERE d.campaign_id = ? LIMIT 1',
    ) as string;
    await recordReview(db, decider, admin, campaign.id, drawnCode, { findings: [] });
    await inPublicity(db, admin, head, campaign);
    await on('2024-09-24', () => publish(db, head, campaign.id));
    await planSupervision(db, decider, admin, campaign.id);
    expect(one('SELECT assignment_ruleset_hash FROM campaigns WHERE id = ?')).toBe(hashOf('jurisdiction'));
    expect(one('SELECT ruleset_hash FROM draws WHERE campaign_id = ?')).toBe(hashOf('sampling'));
    expect(one('SELECT ruleset_hash FROM reviews WHERE campaign_id = ?')).toBe(hashOf('review'));
    expect(db.$client.prepare('SELECT DISTINCT ruleset_hash FROM supervision_plans WHERE campaign_id = ?').pluck().all(campaign.id)).toEqual([
      hashOf('cadence'),
    ]);
  });
});

describe('a stored draw', () => {
  it('still verifies after last year’s grades are published, and names the employers whose previous grade changed', async () => {
    const { db, admin, head } = await world();
    const lastYear = await drawn(db, admin, 2022);
    await inPublicity(db, admin, head, lastYear);
    const thisYear = await drawn(db, admin, 2023);
    await on('2024-09-24', () => publish(db, head, lastYear.id));
    const v = await verifyDraw(db, decider, head, thisYear.id);
    expect(v.matches).toBe(true);
    // 2022's grades are 2023's previous grades: the C of code(1) among them
    const changed = v.since!.changed.find((c) => c.creditCode === code(1));
    expect(changed?.facts.lastGrade).toEqual({ was: 'B', now: 'C' });
    expect(changed?.stratum).toEqual({ was: 'B', now: 'C' });
    expect(v.since!.rules.changed).toBe(false);
  });

  it('names the employer whose fact changed, and the ones that joined or left the population', async () => {
    const { db, admin, head } = await world();
    const campaign = await drawn(db, admin, 2023);
    db.$client.prepare('UPDATE employers SET headcount = 500 WHERE credit_code = ?').run(code(4));
    const v = await verifyDraw(db, decider, head, campaign.id);
    expect(v.matches).toBe(true);
    expect(v.since!.changed).toEqual([{ creditCode: code(4), name: '江津测试4有限公司', facts: { headcount: { was: 30, now: 500 } } }]);
    expect(v.since!.counts).toEqual({ changed: 1, joined: 0, left: 0 });
    db.$client.prepare('UPDATE assignments SET in_scope = 0 WHERE employer_id = (SELECT id FROM employers WHERE credit_code = ?)').run(code(5));
    expect((await verifyDraw(db, decider, head, campaign.id)).since!.left).toEqual([{ creditCode: code(5), name: '江津测试5有限公司', stratum: 'C' }]);
  });

  it('does not verify when its stored inputs were tampered with', async () => {
    const { db, admin, head } = await world();
    const campaign = await drawn(db, admin, 2023);
    db.$client
      .prepare(`UPDATE draw_population SET facts = json_set(facts, '$.lastGrade', 'A') WHERE employer_id = (SELECT id FROM employers WHERE credit_code = ?)`)
      .run(code(2));
    expect((await verifyDraw(db, decider, head, campaign.id)).matches).toBe(false);
  });

  it('refuses a jurisdiction run once drawn, which would change the population under it', async () => {
    const { db, admin, head } = await world();
    const campaign = await drawn(db, admin, 2023);
    await expect(assignJurisdiction(db, decider, admin, campaign.id)).rejects.toThrow(/已完成“抽取”，不能再划分管辖/);
    expect((await verifyDraw(db, decider, head, campaign.id)).since!.counts).toEqual({ changed: 0, joined: 0, left: 0 });
  });
});
