/**
 * A region with its own grade scale, loaded from outside the repository as JIANCHA_PLUGINS loads one
 * (test/fixtures/five-level): five levels A (worst) to AAAAA (best), institutions registered without a
 * grade (信用登记), a written notice from AA down. Graded through the grading service, changed, publicised
 * and published with nothing in the core naming a level.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../core/creditCode.ts';
import { Decider } from '../core/decide.ts';
import type { JianchaError } from '../core/errors.ts';
import { type Db, openDatabase, schema } from '../core/db/index.ts';
import { loadPlugins, loadRegistry, projectRoot, type Registry } from '../core/registry.ts';
import { renderCampaignDocument } from '../core/services/forms.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { draw } from '../core/services/draw.ts';
import { importEmployers, storeEmployers } from '../core/services/employerImport.ts';
import { decideGradeChange, proposeGradeChange } from '../core/services/gradeChanges.ts';
import { listGrades } from '../core/services/grades.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { publish, startPublicity } from '../core/services/publicity.ts';
import { recordReview } from '../core/services/reviews.ts';
import { createUser } from '../core/services/users.ts';
import { importYearRecords } from '../core/services/yearRecords.ts';
import { type Actor, actorFor } from '../core/services/actor.ts';
import { jianchaInProcess } from './fixtures/cli.ts';
import { fixtureProject } from './fixtures/project.ts';
import { FIVE_LEVEL } from './fixtures/plugins.ts';
import { on } from './fixtures/today.ts';

const FIXTURE = FIVE_LEVEL;
let registry: Registry;
let decider: Decider;
beforeAll(async () => {
  registry = await loadRegistry(projectRoot, { plugins: [FIXTURE] });
  decider = new Decider(registry);
});

/** A 2024 campaign of the fixture region that draws every employer (ratio 1). */
const fiveLevelCampaign = (db: Db, admin: Actor) =>
  createCampaign(db, registry, admin, { plugin: 'five-level', year: 2024, bureau: 'fl-bureau', settings: { noticeDate: '2025-03-03', ratios: { all: 1 } } });

const grade = async (facts: Record<string, unknown>) =>
  (await decider.decide('five-level', 'grading', { unitType: 'enterprise', operating: true, punishedCount: 0, ...facts }, { at: '2024-06-01' })).result;

describe('a five-level grade scale (AAAAA best, A worst) as plugin data', () => {
  it('grades by the scale’s order: of several fired grades the worst stands', async () => {
    expect(await grade({ punishedCount: 0 })).toMatchObject({ grade: 'AAAAA', graded: true, label: 'AAAAA级' });
    expect(await grade({ punishedCount: 3 })).toMatchObject({ grade: 'AA', graded: true });
    // three times punished gives AA, child labour gives A: A is worse and stands, with its reason only
    const both = await grade({ punishedCount: 3, childLabour: true });
    expect(both).toMatchObject({ grade: 'A', graded: true });
    expect(both.reasons.map((r: { rule: string }) => r.rule)).toEqual(['child-labour']);
  });

  it('registers an institution without grading it (信用登记), and takes a unit out of grading (不参评)', async () => {
    expect(await grade({ unitType: 'institution' })).toMatchObject({ grade: null, graded: false, label: '信用登记', registeredOnly: true });
    const out = await grade({ operating: false });
    expect(out).toMatchObject({ grade: null, graded: false, label: null });
    expect(out).not.toHaveProperty('registeredOnly');
  });

  it('refuses facts whose grades are not levels of the scale, with the pointer: C is no grade here, AAAAA none in 江津', async () => {
    await expect(grade({ lastGrade: 'C' })).rejects.toMatchObject({ code: 'invalid-facts', details: [expect.objectContaining({ pointer: '/lastGrade' })] });
    await expect(
      decider.decide('chongqing-jiangjin', 'cadence', { grade: 'A', gradeHistory: [{ year: 2023, grade: 'AAAAA' }] }, { at: '2024-08-02' }),
    ).rejects.toMatchObject({ code: 'invalid-facts', details: [expect.objectContaining({ pointer: '/gradeHistory/0/grade' })] });
    expect(await grade({ lastGrade: 'AAAAA' })).toMatchObject({ graded: true });
  });

  it('counts years in a row at the scale’s best level for plaques (连续3年评为最高等级), not at A', () => {
    const { compute } = registry.get('five-level').derivedFacts().consecutiveBestYears;
    const gradeHistory = [
      { year: 2022, grade: 'AAAAA' },
      { year: 2023, grade: 'AAAAA' },
    ];
    expect(compute({ grade: 'AAAAA', gradeHistory, year: 2024 })).toBe(3);
    expect(compute({ grade: 'A', gradeHistory, year: 2024 })).toBe(0);
    // 重庆江津 keeps counting its A years (江津通知 四、（四）2：连续3年评为A级的企业，可授予铭牌)
    const jiangjin = registry.get('chongqing-jiangjin').derivedFacts().consecutiveBestYears;
    expect(
      jiangjin.compute({
        grade: 'A',
        gradeHistory: [
          { year: 2023, grade: 'A' },
          { year: 2022, grade: 'A' },
        ],
        year: 2024,
      }),
    ).toBe(3);
  });

  it('refuses a notice level that is not one of the levels, naming it and the levels', async () => {
    const p = fixtureProject();
    const manifest = (await import('./fixtures/five-level/plugin.json')).default;
    p.write('five/plugin.json', { ...manifest, $schema: undefined, vocabulary: undefined, gradeScale: { ...manifest.gradeScale, noticeLevel: 'C' } });
    p.write('five/rulesets/grading.json', { ...(await import('./fixtures/five-level/rulesets/grading.json')).default, $schema: undefined });
    const { errors } = await loadPlugins(projectRoot, { plugins: [join(p.root, 'five')] });
    expect(errors).toContainEqual(expect.objectContaining({ pointer: '/gradeScale/noticeLevel', zh: expect.stringContaining('"C" 不在等级表中') }));
  });

  it('refuses at load a rule naming a grade outside the scale, with the levels and a did-you-mean', async () => {
    const p = fixtureProject();
    p.write('five/plugin.json', { ...(await import('./fixtures/five-level/plugin.json')).default, $schema: undefined, vocabulary: undefined });
    const rules = (await import('./fixtures/five-level/rulesets/grading.json')).default;
    p.write('five/rulesets/grading.json', {
      ...rules,
      $schema: undefined,
      rules: [{ ...rules.rules[2], event: { type: 'grade', params: { grade: 'AAAAAA', reason: '笔误', basis: '测试' } } }],
    });
    const { errors } = await loadPlugins(projectRoot, { plugins: [join(p.root, 'five')] });
    expect(errors).toContainEqual(
      expect.objectContaining({
        pointer: '/rules/0/event/params/grade',
        en: expect.stringMatching(/"AAAAAA" is not a level .*\(A, AA, AAA, AAAA, AAAAA\).*AAAAA/),
      }),
    );
  });
});

describe('a five-level campaign through the grading service', () => {
  it('grades, changes a grade within the scale, notifies from AA down, and publishes the scale’s levels', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'jiancha-five-')), 'jiancha.db'));
    await syncBureaus(db, registry);
    const admin = await localAdministrator(db);
    const code = (i: number) => makeCreditCode('91', '620101', `MA${String(i).padStart(7, '0')}`);
    // punished 0..4 times; the sixth an institution
    const employers = Array.from({ length: 6 }, (_, i) => ({
      creditCode: code(i),
      name: `五级测试${i}有限公司`,
      unitType: i === 5 ? 'institution' : 'enterprise',
      divisionCode: '620101',
      headcount: 20,
      operating: true,
      lastGrade: i === 0 ? 'AAAAA' : null,
    }));
    await storeEmployers(db, admin, 'five-level', employers, 'test');
    const campaign = await fiveLevelCampaign(db, admin);
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, 'five');
    for (const [i, e] of employers.entries()) {
      const employerId = db.select().from(schema.employers).where(eq(schema.employers.creditCode, e.creditCode)).get()!.id;
      db.insert(schema.yearRecords)
        .values({ campaignId: campaign.id, employerId, facts: { punishedCount: i === 5 ? 0 : i } })
        .run();
    }
    await runGrading(db, decider, admin, campaign.id);
    const byCode = () => new Map(listGrades(db, admin, campaign.id).map((g) => [g.creditCode, g]));
    expect([0, 1, 2, 3, 4].map((i) => byCode().get(code(i))?.grade)).toEqual(['AAAAA', 'AAAA', 'AAA', 'AA', 'A']);
    expect(byCode().get(code(5))).toMatchObject({ graded: false, grade: null, label: '信用登记' });

    await createUser(db, admin, { username: 'fl-head', role: 'head', bureauId: 'fl-bureau' });
    await createUser(db, admin, { username: 'fl-head2', role: 'head', bureauId: 'fl-bureau' });
    const [head, head2] = [await actorFor(db, 'fl-head'), await actorFor(db, 'fl-head2')];
    await expect(proposeGradeChange(db, registry, head, campaign.id, code(2), 'B', '复核')).rejects.toThrow(/等级须为 A、AA、AAA、AAAA、AAAAA 之一/);
    const change = await proposeGradeChange(db, registry, head, campaign.id, code(2), 'AAAA', '复核发现第二次查处已撤销');
    await decideGradeChange(db, registry, head2, campaign.id, change.id, true);
    expect(byCode().get(code(2))).toMatchObject({ grade: 'AAAA', label: 'AAAA级', status: 'changed' });
    expect(byCode().get(code(2))?.reasons.at(-1)?.reason).toContain('由AAA级变更为AAAA级');

    await on('2025-03-03', () => startPublicity(db, head, campaign.id, '2025-03-03'));
    // the notice level is AA: AA and A are told in writing, AAA and better are not
    const notice = await renderCampaignDocument(db, decider, head, campaign.id, 'lowGradeNotice', code(3));
    expect(notice.title).toBe(`${employers[3].name}拟评AA级（较差）书面告知书`);
    expect(notice.html).toContain('你单位拟评为AA级（较差）');
    await expect(renderCampaignDocument(db, decider, head, campaign.id, 'lowGradeNotice', code(2))).rejects.toThrow(/未被拟评为AA级或更低等级/);

    const list = await renderCampaignDocument(db, decider, head, campaign.id, 'gradeList');
    expect(list.html).toContain('其中AAAAA级（守法诚信）1家，AAAA级（诚信）2家，AAA级（基本诚信）0家，AA级（较差）1家，A级（不诚信）1家。');

    await on('2025-03-10', () => publish(db, head, campaign.id));
    const history = db
      .select()
      .from(schema.employers)
      .where(and(eq(schema.employers.creditCode, code(0))))
      .get()!.gradeHistory;
    expect(history).toEqual([{ year: 2024, grade: 'AAAAA' }]);
  });
});

describe('a fact of the region’s own vocabulary (facts.json beside plugin.json)', () => {
  const code = (i: number) => makeCreditCode('91', '620101', `MB${String(i).padStart(7, '0')}`);
  const csv = (...rows: string[]) => Buffer.from(['统一社会信用代码,单位名称,单位类型,注册地行政区划代码,职工人数,在建工程项目', ...rows].join('\n'));
  const stored = (db: ReturnType<typeof openDatabase>, i: number) =>
    db
      .select()
      .from(schema.employers)
      .where(eq(schema.employers.creditCode, code(i)))
      .get()!;

  it('is imported from the column its Chinese label names, reaches the draw, the review and the grading, and is cleared by an empty cell', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'jiancha-five-')), 'jiancha.db'));
    await syncBureaus(db, registry);
    const admin = await localAdministrator(db);
    const file = csv(`${code(0)},在建一公司,企业,620101,30,是`, `${code(1)},普通二公司,企业,620101,30,否`, `${code(2)},未填三公司,企业,620101,30,`);
    expect(await importEmployers(db, registry, admin, file, 'csv', 'fl.csv', undefined, 'five-level')).toMatchObject({ rows: 3, warnings: [] });
    expect([0, 1, 2].map((i) => stored(db, i).facts)).toEqual([{ 'fl.constructionSite': true }, { 'fl.constructionSite': false }, {}]);

    const campaign = await fiveLevelCampaign(db, admin);
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, 'five');
    // what the draw decided of each, kept with the facts it read: everyone is drawn here (ratio 1), and
    // sampling.json construction-site forces 在建工程项目单位全部纳入审查 besides
    const decided = db.$client.prepare('SELECT forced, note, facts FROM draw_population WHERE employer_id = ?');
    expect(decided.get(stored(db, 0).id)).toMatchObject({ forced: 1, note: expect.stringContaining('在建工程项目单位全部纳入审查') });
    expect(JSON.parse((decided.get(stored(db, 0).id) as { facts: string }).facts)).toMatchObject({ 'fl.constructionSite': true });
    expect(decided.get(stored(db, 1).id)).toMatchObject({ forced: 0, note: null });

    // review.json construction-site-violation: 在建工程项目单位发现违法行为的，一律立案查处; the other as the national
    // rules (第十八条：责令改正). Reviewed before the declaration deadline, so lateness decides nothing
    const findings = [{ item: 'contracts' as const, severity: 'minor' as const }];
    const review = (i: number) => on('2025-03-05', () => recordReview(db, decider, admin, campaign.id, code(i), { findings }));
    expect(await review(0)).toMatchObject({ outcome: 'fail', disposition: 'caseFiling' });
    expect(await review(1)).toMatchObject({ outcome: 'fail', disposition: 'rectificationOrder' });

    for (const i of [0, 1])
      db.insert(schema.yearRecords)
        .values({ campaignId: campaign.id, employerId: stored(db, i).id, facts: { punishedCount: 1 } })
        .run();
    await runGrading(db, decider, admin, campaign.id);
    const grades = new Map(listGrades(db, admin, campaign.id).map((g) => [g.creditCode, g.grade]));
    // grading.json construction-site-punished: 在建工程项目单位被查处的，不得高于AA级; once punished otherwise AAAA
    expect([grades.get(code(0)), grades.get(code(1))]).toEqual(['AA', 'AAAA']);

    // a file without the column keeps the fact; an empty cell in it clears it
    await importEmployers(
      db,
      registry,
      admin,
      Buffer.from(`统一社会信用代码,单位名称,单位类型,注册地行政区划代码,职工人数\n${code(0)},在建一公司,企业,620101,31`),
      'csv',
      'b.csv',
      undefined,
      'five-level',
    );
    expect(stored(db, 0)).toMatchObject({ headcount: 31, facts: { 'fl.constructionSite': true } });
    await importEmployers(db, registry, admin, csv(`${code(0)},在建一公司,企业,620101,31,`), 'csv', 'c.csv', undefined, 'five-level');
    expect(stored(db, 0).facts).toEqual({});
  });

  it('names a bad cell of it by row and header, and refuses decide facts that break its type', async () => {
    const db = openDatabase(':memory:');
    await syncBureaus(db, registry);
    const err = await importEmployers(
      db,
      registry,
      await localAdministrator(db),
      csv(`${code(0)},在建一公司,企业,620101,30,也许`),
      'csv',
      'bad.csv',
      undefined,
      'five-level',
    ).catch((e: JianchaError) => e);
    expect(err).toMatchObject({ details: [{ pointer: '/2/在建工程项目', zh: '第 2 行「在建工程项目」：“也许”应填“是”或“否”' }] });
    await expect(grade({ 'fl.constructionSite': '是' })).rejects.toMatchObject({
      code: 'invalid-facts',
      details: [expect.objectContaining({ pointer: '/fl.constructionSite' })],
    });
  });

  it('refuses at load a fact of its own that is not namespaced or lacks its label, and a rule comparing it with the wrong type', async () => {
    const p = fixtureProject();
    p.write('five/plugin.json', { ...(await import('./fixtures/five-level/plugin.json')).default, $schema: undefined, decisions: ['jurisdiction'] });
    p.write('five/rulesets/jurisdiction.json', { ...(await import('./fixtures/five-level/rulesets/jurisdiction.json')).default, $schema: undefined });
    p.write('five/facts.json', {
      properties: {
        constructionSite: { type: 'boolean', 'x-label': '在建工程项目', 'x-source': 'registry' },
        'fl.district': { type: 'string', 'x-source': 'registry' },
      },
    });
    const { errors } = await loadPlugins(projectRoot, { plugins: [join(p.root, 'five')] });
    expect(errors).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/facts\.json$/), pointer: '/properties/fl.district/x-label' }));
    p.write('five/facts.json', { properties: { constructionSite: { type: 'boolean', 'x-label': '在建工程项目', 'x-source': 'registry' } } });
    const second = await loadPlugins(projectRoot, { plugins: [join(p.root, 'five')] });
    expect(second.errors).toContainEqual(expect.objectContaining({ pointer: '/properties/constructionSite', zh: expect.stringContaining('须带命名空间') }));
    // a rule comparing the fact with a value of another type is caught as for a shared fact
    p.write('five/facts.json', { properties: { 'fl.constructionSite': { type: 'boolean', 'x-label': '在建工程项目', 'x-source': 'registry' } } });
    const rules = (await import('./fixtures/five-level/rulesets/jurisdiction.json')).default;
    const conditions = { all: [{ fact: 'fl.constructionSite', operator: 'equal', value: '是' }] };
    p.write('five/rulesets/jurisdiction.json', { ...rules, $schema: undefined, rules: [{ ...rules.rules[0], conditions }] });
    const third = await loadPlugins(projectRoot, { plugins: [join(p.root, 'five')] });
    expect(third.errors).toContainEqual(expect.objectContaining({ pointer: '/rules/0/conditions/all/0/value' }));
  });
});

describe('a year-record fact of the region’s own (fl.wageArrearsCases, 欠薪案件数)', () => {
  const code = (i: number) => makeCreditCode('91', '620101', `MC${String(i).padStart(7, '0')}`);
  const file = (header: string, ...rows: string[]) => Buffer.from([header, ...rows].join('\n'));
  /** `n` enterprises of the region in a new database, and its campaign */
  const registered = async (n: number) => {
    const db = openDatabase(':memory:');
    await syncBureaus(db, registry);
    const admin = await localAdministrator(db);
    const employers = Array.from({ length: n }, (_, i) => ({
      creditCode: code(i),
      name: `欠薪测试${i}有限公司`,
      unitType: 'enterprise',
      divisionCode: '620101',
      headcount: 20,
    }));
    await storeEmployers(db, admin, 'five-level', employers, 'test');
    return { db, admin, campaign: await fiveLevelCampaign(db, admin) };
  };

  it('is imported from the column its label names, stored with the record’s facts, and grades', async () => {
    const { db, admin, campaign } = await registered(3);
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, 'arrears');
    const records = file('统一社会信用代码,查处次数,欠薪案件数', `${code(0)},0,2`, `${code(1)},0,1`);
    expect(await importYearRecords(db, admin, campaign.id, records, 'csv', 'r.csv', registry)).toEqual({ rows: 2, warnings: [] });
    const stored = db.$client.prepare('SELECT facts FROM year_records WHERE employer_id = (SELECT id FROM employers WHERE credit_code = ?)').pluck();
    expect(JSON.parse(stored.get(code(0)) as string)).toMatchObject({ punishedCount: 0, 'fl.wageArrearsCases': 2, childLabour: false });

    await runGrading(db, decider, admin, campaign.id);
    const grades = new Map(listGrades(db, admin, campaign.id).map((g) => [g.creditCode, g.grade]));
    // grading.json wage-arrears-cases: 欠薪案件两件以上的，不得高于AAA级; unpunished otherwise AAAAA, as is the employer with no record
    expect([0, 1, 2].map((i) => grades.get(code(i)))).toEqual(['AAA', 'AAAAA', 'AAAAA']);
  });

  it('names a bad cell of it, and reports a column the vocabulary does not know with the label meant', async () => {
    const { db, admin, campaign } = await registered(1);
    const err = await importYearRecords(db, admin, campaign.id, file('统一社会信用代码,欠薪案件数', `${code(0)},两件`), 'csv', 'b.csv', registry).catch(
      (e: JianchaError) => e,
    );
    expect(err).toMatchObject({ details: [{ pointer: '/2/欠薪案件数', zh: '第 2 行「欠薪案件数」：“两件”应为非负整数' }] });
    const { warnings } = await importYearRecords(db, admin, campaign.id, file('统一社会信用代码,欠薪案件', `${code(0)},1`), 'csv', 'w.csv', registry);
    expect(warnings.map((w) => w.zh)).toEqual(['列「欠薪案件」不在事实词汇表中，该列未导入，是否应为 "欠薪案件数"？']);
  });
});

describe('the region’s own year-record column through the CLI', () => {
  it('is imported by `import records` with the region’s plugins given, and a column no fact names is printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-five-cli-'));
    const db = join(dir, 'jiancha.db');
    const run = (...args: string[]) => jianchaInProcess([...args, '--plugins', FIXTURE, '--db', db]);
    const code = makeCreditCode('91', '620101', 'MD0000001');
    writeFileSync(join(dir, 'e.csv'), `统一社会信用代码,单位名称,单位类型,注册地行政区划代码,职工人数\n${code},命令行测试有限公司,企业,620101,20\n`);
    writeFileSync(join(dir, 's.json'), JSON.stringify({ noticeDate: '2025-03-03', ratios: { all: 1 } }));
    writeFileSync(join(dir, 'r.csv'), `统一社会信用代码,欠薪案件数,所属街道\n${code},3,城关\n`);
    expect((await run('import', 'employers', join(dir, 'e.csv'), '--region', 'five-level')).code).toBe(0);
    expect((await run('campaign', 'create', '--plugin', 'five-level', '--year', '2024', '--bureau', 'fl-bureau', '--settings', join(dir, 's.json'))).code).toBe(
      0,
    );
    const imported = await run('import', 'records', join(dir, 'r.csv'), '--campaign', '1');
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining('已导入 1 条年度记录') });
    expect(imported.stderr).toContain('注意：列「所属街道」不在事实词汇表中，该列未导入');
    expect(imported.stderr).not.toContain('欠薪案件数');
    const sqlite = openDatabase(db).$client;
    expect(JSON.parse(sqlite.prepare('SELECT facts FROM year_records').pluck().get() as string)).toMatchObject({ 'fl.wageArrearsCases': 3 });
  });
});
