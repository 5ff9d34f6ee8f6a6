/**
 * A region with its own grade scale, loaded from outside the repository as JIANCHA_PLUGINS loads one
 * (test/fixtures/five-level): five levels A (worst) to AAAAA (best), institutions registered without a
 * grade (信用登记), a written notice from AA down. Graded through the grading service, changed, publicised
 * and published with nothing in the core naming a level.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../core/creditCode.ts';
import { Decider } from '../core/decide.ts';
import { openDatabase, schema } from '../core/db/index.ts';
import { loadPlugins, loadRegistry, projectRoot, type Registry } from '../core/registry.ts';
import { renderCampaignDocument } from '../core/services/forms.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { draw } from '../core/services/draw.ts';
import { storeEmployers } from '../core/services/employerImport.ts';
import { decideGradeChange, proposeGradeChange } from '../core/services/gradeChanges.ts';
import { listGrades } from '../core/services/grades.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { publish, startPublicity } from '../core/services/publicity.ts';
import { createUser } from '../core/services/users.ts';
import { actorFor } from '../core/services/actor.ts';
import { EMPTY_RECORD } from '../core/services/yearRecords.ts';
import { fixtureProject } from './fixtures/project.ts';
import { on } from './fixtures/today.ts';

const FIXTURE = join(projectRoot, 'test/fixtures/five-level');
let registry: Registry;
let decider: Decider;
beforeAll(async () => {
  registry = await loadRegistry(projectRoot, { plugins: [FIXTURE] });
  decider = new Decider(registry);
});

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
    p.write('five/plugin.json', { ...manifest, $schema: undefined, gradeScale: { ...manifest.gradeScale, noticeLevel: 'C' } });
    p.write('five/rulesets/grading.json', { ...(await import('./fixtures/five-level/rulesets/grading.json')).default, $schema: undefined });
    const { errors } = await loadPlugins(projectRoot, { plugins: [join(p.root, 'five')] });
    expect(errors).toContainEqual(expect.objectContaining({ pointer: '/gradeScale/noticeLevel', zh: expect.stringContaining('"C" 不在等级表中') }));
  });

  it('refuses at load a rule naming a grade outside the scale, with the levels and a did-you-mean', async () => {
    const p = fixtureProject();
    p.write('five/plugin.json', { ...(await import('./fixtures/five-level/plugin.json')).default, $schema: undefined });
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
    syncBureaus(db, registry);
    const admin = localAdministrator(db);
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
    const campaign = createCampaign(db, registry, admin, {
      plugin: 'five-level',
      year: 2024,
      bureau: 'fl-bureau',
      settings: { noticeDate: '2025-03-03', ratios: { all: 1 } },
    });
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, 'five');
    for (const [i, e] of employers.entries()) {
      const employerId = db.select().from(schema.employers).where(eq(schema.employers.creditCode, e.creditCode)).get()!.id;
      db.insert(schema.yearRecords)
        .values({ campaignId: campaign.id, employerId, ...EMPTY_RECORD, punishedCount: i === 5 ? 0 : i })
        .run();
    }
    await runGrading(db, decider, admin, campaign.id);
    const byCode = () => new Map(listGrades(db, admin, campaign.id).map((g) => [g.creditCode, g]));
    expect([0, 1, 2, 3, 4].map((i) => byCode().get(code(i))?.grade)).toEqual(['AAAAA', 'AAAA', 'AAA', 'AA', 'A']);
    expect(byCode().get(code(5))).toMatchObject({ graded: false, grade: null, label: '信用登记' });

    await createUser(db, admin, { username: 'fl-head', role: 'head', bureauId: 'fl-bureau' });
    await createUser(db, admin, { username: 'fl-head2', role: 'head', bureauId: 'fl-bureau' });
    const [head, head2] = [actorFor(db, 'fl-head'), actorFor(db, 'fl-head2')];
    expect(() => proposeGradeChange(db, registry, head, campaign.id, code(2), 'B', '复核')).toThrow(/等级须为 A、AA、AAA、AAAA、AAAAA 之一/);
    const change = proposeGradeChange(db, registry, head, campaign.id, code(2), 'AAAA', '复核发现第二次查处已撤销');
    decideGradeChange(db, registry, head2, campaign.id, change.id, true);
    expect(byCode().get(code(2))).toMatchObject({ grade: 'AAAA', label: 'AAAA级', status: 'changed' });
    expect(byCode().get(code(2))?.reasons.at(-1)?.reason).toContain('由AAA级变更为AAAA级');

    on('2025-03-03', () => startPublicity(db, head, campaign.id, '2025-03-03'));
    // the notice level is AA: AA and A are told in writing, AAA and better are not
    const notice = await renderCampaignDocument(db, decider, head, campaign.id, 'lowGradeNotice', code(3));
    expect(notice.title).toBe(`${employers[3].name}拟评AA级（较差）书面告知书`);
    expect(notice.html).toContain('你单位拟评为AA级（较差）');
    await expect(renderCampaignDocument(db, decider, head, campaign.id, 'lowGradeNotice', code(2))).rejects.toThrow(/未被拟评为AA级或更低等级/);

    const list = await renderCampaignDocument(db, decider, head, campaign.id, 'gradeList');
    expect(list.html).toContain('其中AAAAA级（守法诚信）1家，AAAA级（诚信）2家，AAA级（基本诚信）0家，AA级（较差）1家，A级（不诚信）1家。');

    on('2025-03-10', () => publish(db, head, campaign.id));
    const history = db
      .select()
      .from(schema.employers)
      .where(and(eq(schema.employers.creditCode, code(0))))
      .get()!.gradeHistory;
    expect(history).toEqual([{ year: 2024, grade: 'AAAAA' }]);
  });
});
