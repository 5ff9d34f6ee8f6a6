/**
 * The whole year every region that runs campaigns must live, shipped or kept outside (the fixture
 * regions, loaded through the registry's plugins option as a province's plugin is): import, assign,
 * draw, declare, review, grade, change, publicity, objection, publish, supervision plan and every
 * document, through the CLI and through the API; each step checked against the region's own data (its draw policy, its
 * grade scale, its own grading test cases), none against a region's name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../core/calendar.ts';
import { Decider } from '../core/decide.ts';
import { drawnOf, drawPolicy } from '../core/drawPolicy.ts';
import type { Plugin } from '../core/plugin.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { DOCUMENTS } from '../core/render/documents.ts';
import { registryColumns } from '../core/services/employerColumns.ts';
import { yearRecordColumns } from '../core/services/yearRecordColumns.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { loadTestFiles } from '../core/testCases.ts';
import type { Facts } from '../core/types.ts';
import { FIXTURE_PLUGINS } from './fixtures/plugins.ts';
import { apiYear, cliYear } from './fixtures/yearDrivers.ts';

const registry = await loadRegistry(projectRoot, { plugins: FIXTURE_PLUGINS });
const decider = new Decider(registry);
/** the regions a bureau runs campaigns of: those with bureaus and an example campaign */
const regions = registry.list().filter((p) => p.manifest.exampleCampaign && p.bureaus().length);
const POPULATION = 120;
const PER_EMPLOYER = new Set(['checklist', 'reviewForm', 'rectificationAdvice', 'lowGradeNotice']);

const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : Array.isArray(v) ? v.join('、') : String(v));

/** The grading test cases a year can import: every fact of the case is a registry or year-record column. */
function importableCases(plugin: Plugin) {
  const importable = new Set([...registryColumns(plugin).map((c) => c.fact), ...yearRecordColumns(plugin).map((c) => c.path[0])]);
  const file = loadTestFiles(plugin, registry.root).find((f) => f.decision === 'grading');
  return (file?.cases ?? []).filter((c) => Object.keys(c.facts).every((f) => importable.has(f)));
}

/**
 * A registry of synthetic employers, the region's own yes/no registry facts set for every tenth, and
 * one employer per importable grading case carrying its facts; the year records of those employers.
 */
function yearFiles(plugin: Plugin) {
  const columns = registryColumns(plugin);
  const own = columns.filter((c) => c.fact.includes('.') && plugin.vocabulary()[c.fact]?.type === 'boolean').map((c) => c.fact);
  const employers: Facts[] = [...syntheticPopulation(plugin, POPULATION, 2024)].map((e, i) => ({
    ...e,
    ...Object.fromEntries(own.map((f) => [f, i % 10 === 0])),
  }));
  const cases = importableCases(plugin).map((c, i) => ({ tc: c, employer: employers[i * 7 + 1] }));
  for (const { tc, employer } of cases) for (const [fact, value] of Object.entries(tc.facts)) if (columns.some((c) => c.fact === fact)) employer[fact] = value;
  const registryCsv = [columns.map((c) => c.headers[0]).join(','), ...employers.map((e) => columns.map((c) => cell(e[c.fact])).join(','))].join('\n');
  const recordColumns = yearRecordColumns(plugin);
  const valueAt = (facts: Facts, path: string[]) => path.reduce<unknown>((v, key) => (v as Facts | undefined)?.[key], facts);
  const recordsCsv = [
    ['统一社会信用代码', ...recordColumns.map((c) => c.headers[0])].join(','),
    ...cases.map(({ tc, employer }) => [employer.creditCode, ...recordColumns.map((c) => cell(valueAt(tc.facts, c.path)))].join(',')),
  ].join('\n');
  return { employers, cases, registryCsv, recordsCsv };
}

const sql = (db: string) => new Database(db, { readonly: true });

const drivers = { CLI: () => cliYear(FIXTURE_PLUGINS), API: () => apiYear(registry) };

/** every region through the CLI and through the API (its long steps as jobs in a job worker, booted once and kept) */
const years = regions.flatMap((p) => (['CLI', 'API'] as const).map((via) => [p.id, via, p] as const));

describe.each(years)('the whole year of %s through the %s', (id, via, plugin) => {
  it('imports, assigns, draws by its policy, declares, reviews, grades by its cases, changes, publicises, publishes, plans and prints', async () => {
    const w = await drivers[via]();
    const { employers, cases, registryCsv, recordsCsv } = yearFiles(plugin);
    const settings = JSON.parse(readFileSync(join(plugin.dir, plugin.manifest.exampleCampaign as string), 'utf8'));
    const bureau = plugin.owner() ?? plugin.bureaus()[0].id;
    await w.addUser('admin1', 'administrator', bureau);
    expect((await w.importRegistry(registryCsv, id, 'admin1')).rows).toBe(POPULATION);
    await w.createCampaign(id, settings.year, bureau, settings, 'admin1');
    const assigned = await w.assign();
    expect(assigned.inScope).toBeGreaterThan(0);

    // the draw: each stratum sized by the region's policy (ratio within bounds, a count, all), the
    // count across the area from the rest of its union, and every unit its rules force in
    const drawn = await w.draw(`${id} 公开种子`);
    const at = settings.noticeDate as string;
    const policy = drawPolicy(plugin.effectiveRuleset('sampling', at)!.rules);
    let byStratum = 0;
    for (const [stratum, plan] of Object.entries(drawn.strata) as [string, { population: number; drawn: number }][]) {
      expect(plan.drawn, stratum).toBe(drawnOf(policy.strata.get(stratum)!, plan.population, settings.ratios?.[stratum] ?? 0));
      byStratum += plan.drawn;
    }
    if (policy.area) expect(drawn.area).toMatchObject({ count: policy.area.count, drawn: Math.min(policy.area.count, drawn.area.population) });
    const db = sql(w.db);
    const members = new Set(db.prepare('SELECT e.credit_code FROM draw_members m JOIN employers e ON e.id = m.employer_id').pluck().all() as string[]);
    const population = db.prepare('SELECT e.credit_code AS code, p.forced, p.facts FROM draw_population p JOIN employers e ON e.id = p.employer_id').all() as {
      code: string;
      forced: number;
      facts: string;
    }[];
    // the forced set is the rules' own: re-decided from the facts the draw kept, and all of it drawn
    const forced: string[] = [];
    for (const row of population) {
      const d = await decider.decide(id, 'sampling', JSON.parse(row.facts), { at });
      expect(row.forced === 1, row.code).toBe(d.result.forced);
      if (row.forced) forced.push(row.code);
    }
    if (plugin.effectiveRuleset('sampling', at)!.rules.some((r) => r.event?.type === 'forced' && r.from.plugin === id))
      expect(forced.length).toBeGreaterThan(0);
    for (const code of forced) expect(members.has(code), code).toBe(true);
    expect(members.size).toBeGreaterThanOrEqual(byStratum + (drawn.area?.drawn ?? 0));
    expect(members.size).toBeLessThanOrEqual(byStratum + (drawn.area?.drawn ?? 0) + forced.length);

    // declaration and review of a drawn enterprise by its own bureau's staff, in time
    const reviewed = [...members].find((c) => !forced.includes(c) && employers.find((e) => e.creditCode === c)?.unitType === 'enterprise')!;
    const own = db
      .prepare('SELECT a.bureau_id FROM assignments a JOIN employers e ON e.id = a.employer_id WHERE e.credit_code = ?')
      .pluck()
      .get(reviewed) as string;
    for (const [user, role, b] of [
      ['head1', 'head', bureau],
      ['head2', 'head', bureau],
      ['clerk', 'clerk', own],
      ['chief', 'head', own],
      ['chief2', 'head', own],
    ])
      if (!(user.startsWith('chief') && own === bureau)) await w.addUser(user, role, b);
    // the reviewed employer's own bureau approves its review and changes its grades (a county, or the campaign's bureau itself)
    const [chief, chief2] = own === bureau ? ['head1', 'head2'] : ['chief', 'chief2'];
    const declaration = { basics: {}, roster: Array.from({ length: 12 }, (_, i) => ({ id: `${i}`, name: `职工${i}` })) };
    // the CLI back-enters a paper declared on the notice's day; a client of the API does not date its own
    const declared = await w.declare('clerk', reviewed, via === 'CLI' ? { ...declaration, submittedOn: at, submittedOnReason: '纸质申报补录' } : declaration);
    expect(declared.staffSample.length).toBeGreaterThan(0);
    const review = await w.review('clerk', reviewed, [{ item: plugin.reviewItems()[0].item, severity: 'minor' }]);
    expect(plugin.effectiveRuleset('review', at)!.rules.map((r) => r.event?.params.outcome)).toContain(review.outcome);
    await w.approve(chief, reviewed);

    // grading: each employer carrying one of the region's own grading test cases is graded as the case says
    expect((await w.importRecords(recordsCsv)).rows).toBe(cases.length);
    const graded = await w.grade();
    const scale = plugin.gradeScale();
    for (const key of Object.keys(graded.counts)) expect(['notGraded', 'registeredOnly', ...scale.codes]).toContain(key);
    const grades = new Map((await w.grades()).map((g) => [g.creditCode, g]));
    // a drawn employer's review and declaration are facts of the campaign the case does not give: the undrawn are checked
    const checked = cases.filter(({ employer }) => !members.has(employer.creditCode as string));
    if (members.size < assigned.inScope) expect(checked.length).toBeGreaterThan(0);
    for (const { tc, employer } of checked) {
      const g = grades.get(employer.creditCode as string);
      if ('grade' in tc.expect) expect(g?.grade ?? null, `${tc.name}（${tc.clause}）`).toBe(tc.expect.grade);
      if (tc.expect.graded === false) expect(g?.graded ?? false, tc.name).toBe(false);
    }

    // a change to the level told in writing, approved by a second head
    const ours = new Set(db.prepare('SELECT e.credit_code FROM assignments a JOIN employers e ON e.id = a.employer_id WHERE a.bureau_id = ?').pluck().all(own));
    const changed = [...grades.values()].find((g) => g.graded && g.grade !== scale.noticeLevel.code && ours.has(g.creditCode))!;
    expect((await w.changeGrade(chief2, chief, changed.creditCode, scale.noticeLevel.code, '复核发现漏报违法行为')).status).toBe('approved');

    // publicity six weeks after the notice, an objection in it, publication once every period is over
    const opened = addWorkingDays(at, 30);
    await w.startPublicity(opened, 'head1');
    expect((await w.objection(opened, chief, changed.creditCode, '漏报事实有误，请求复核', '事实清楚，维持原评')).status).toBe('dismissed');
    const { published } = await w.publish(addWorkingDays(opened, 20), 'head1');
    expect(published).toBe([...grades.values()].filter((g) => g.graded).length);
    const plan = await w.plan('head1');
    expect(plan.byGrade[scale.noticeLevel.code]).toBeGreaterThanOrEqual(1);

    // every document, from the campaign's records: non-empty HTML, nothing left unfilled
    // the 处理建议书 is for minor violations where the region's rules give it, as they do for the finding recorded
    // (a late declaration is a case filed instead, 《劳动保障监察条例》第三十条)
    const advised = review.disposition === 'rectificationAdvice';
    expect(advised).toBe(!declared.late && plugin.effectiveRuleset('review', at)!.rules.some((r) => r.event?.params.disposition === 'rectificationAdvice'));
    for (const name of DOCUMENTS) {
      if (name === 'rectificationAdvice' && !advised) continue;
      const employer = name === 'lowGradeNotice' ? changed.creditCode : reviewed;
      const html = await w.render(name, PER_EMPLOYER.has(name) ? employer : undefined);
      expect(html, name).toMatch(/^<!doctype html>/);
      // a campaign's documents are the bureau's; an employer's name the employer (its 审查表 carries no letterhead)
      const named = PER_EMPLOYER.has(name) ? (employers.find((e) => e.creditCode === employer)!.name as string) : plugin.bureau(bureau)!.name;
      expect(html, name).toContain(named);
      expect(html, name).not.toMatch(/\{\{|\}\}|\{year\}|undefined|NaN|\[object Object\]/);
    }
    db.close();
  });
});
