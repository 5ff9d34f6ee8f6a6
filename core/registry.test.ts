import { describe, expect, it } from 'vitest';
import { fixtureProject, threeLevels, gradeRule, ruleset } from '../test/fixtures/project.ts';
import { loadPlugins, loadRegistry } from './registry.ts';
import { JianchaError } from './errors.ts';

const manifest = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: '测试',
  version: '1.0.0',
  decisions: ['grading'],
  gradeScale: threeLevels,
  ...extra,
});
const punished = { all: [{ fact: 'punishedCount', operator: 'greaterThanInclusive', value: 1 }] };

describe('loading plugins and rulesets', () => {
  it('names the file and JSON pointer of a rule without basis', async () => {
    const p = fixtureProject();
    p.write('plugins/demo/plugin.json', manifest('demo'));
    const rule = gradeRule('b', 'B', punished);
    delete (rule.event.params as Record<string, unknown>).basis;
    p.write('rulesets/demo/grading.json', ruleset('demo', 'grading', [rule]));
    const { errors } = await loadPlugins(p.root);
    expect(errors).toContainEqual(expect.objectContaining({ file: 'rulesets/demo/grading.json', pointer: '/rules/0/event/params/basis' }));
  });

  it("names a grade outside the plugin's scale with its levels", async () => {
    const p = fixtureProject();
    p.write('plugins/demo/plugin.json', manifest('demo'));
    p.write('rulesets/demo/grading.json', ruleset('demo', 'grading', [gradeRule('d', 'D', punished)]));
    const { errors } = await loadPlugins(p.root);
    expect(errors).toContainEqual(
      expect.objectContaining({
        pointer: '/rules/0/event/params/grade',
        en: expect.stringContaining('gradeScale (C, B, A)'),
        zh: expect.stringMatching(/[\u4e00-\u9fa5]/),
      }),
    );
  });

  it('refuses jsonpath filters in a path: rulesets are data, never code', async () => {
    const p = fixtureProject();
    p.write('plugins/demo/plugin.json', manifest('demo'));
    const cond = { all: [{ fact: 'violations', path: '$[?(@.severity=="penalty")]', operator: 'equal', value: 1 }] };
    p.write('rulesets/demo/grading.json', ruleset('demo', 'grading', [gradeRule('b', 'B', cond)]));
    const { errors } = await loadPlugins(p.root);
    expect(errors).toContainEqual(expect.objectContaining({ pointer: '/rules/0/conditions/all/0/path' }));
  });

  it('reports a JSON syntax error with its line and column', async () => {
    const p = fixtureProject();
    p.write('plugins/demo/plugin.json', manifest('demo'));
    p.write('rulesets/demo/grading.json', '{\n  "plugin": "demo",\n  "rules": [,]\n}');
    const { errors } = await loadPlugins(p.root);
    expect(errors).toContainEqual(expect.objectContaining({ file: 'rulesets/demo/grading.json', en: expect.stringContaining('line 3') }));
  });

  it('names a repeated rule name', async () => {
    const p = fixtureProject();
    p.write('plugins/demo/plugin.json', manifest('demo'));
    p.write('rulesets/demo/grading.json', ruleset('demo', 'grading', [gradeRule('a', 'A', punished), gradeRule('a', 'B', punished)]));
    const { errors } = await loadPlugins(p.root);
    expect(errors).toContainEqual(expect.objectContaining({ pointer: '/rules/1/name', en: 'rule name "a" repeats /rules/0' }));
  });

  it('names unknown operators, unknown facts and unknown bureaus', async () => {
    const p = fixtureProject();
    p.write('plugins/demo/plugin.json', manifest('demo', { decisions: ['grading', 'jurisdiction'], bureaus: [{ id: 'b1', name: '甲局' }] }));
    p.write(
      'rulesets/demo/grading.json',
      ruleset('demo', 'grading', [
        gradeRule('a', 'A', { all: [{ fact: 'punishedCount', operator: 'roughlyEqual', value: 0 }] }),
        gradeRule('b', 'B', { all: [{ fact: 'punishedCont', operator: 'equal', value: 1 }] }),
        gradeRule('c', 'C', { all: [{ fact: 'punishedCount', operator: 'greaterThan', value: { fact: 'headCount' } }] }),
      ]),
    );
    p.write(
      'rulesets/demo/jurisdiction.json',
      ruleset('demo', 'jurisdiction', [
        { name: 'x', conditions: { all: [] }, event: { type: 'assign', params: { bureau: 'b2', reason: '甲', basis: '测试依据' } } },
      ]),
    );
    const { errors } = await loadPlugins(p.root);
    const pointers = errors.map((e) => `${e.file}#${e.pointer}`);
    expect(pointers).toEqual(
      expect.arrayContaining([
        'rulesets/demo/grading.json#/rules/0/conditions/all/0/operator',
        'rulesets/demo/grading.json#/rules/1/conditions/all/0/fact',
        'rulesets/demo/grading.json#/rules/2/conditions/all/0/value/fact',
        'rulesets/demo/jurisdiction.json#/rules/0/event/params/bureau',
      ]),
    );
  });

  it('finds overlapping periods, cycles and decisions without rules', async () => {
    const p = fixtureProject();
    p.write('plugins/one/plugin.json', manifest('one', { extends: 'two' }));
    p.write('plugins/two/plugin.json', manifest('two', { extends: 'one' }));
    p.write('plugins/three/plugin.json', manifest('three', { decisions: ['grading', 'cadence'] }));
    p.write(
      'rulesets/three/grading-2020.json',
      ruleset('three', 'grading', [gradeRule('a', 'A', punished)], { validFrom: '2020-01-01', validTo: '2024-12-31' }),
    );
    p.write('rulesets/three/grading-2024.json', ruleset('three', 'grading', [gradeRule('a', 'A', punished)], { validFrom: '2024-06-01' }));
    const { errors } = await loadPlugins(p.root);
    const en = errors.map((e) => e.en).join('\n');
    expect(en).toMatch(/cycle/);
    expect(en).toMatch(/period overlaps rulesets\/three\/grading-2020.json/);
    expect(en).toMatch(/declares decision "cadence" but no ruleset/);
  });

  it('loadRegistry throws one error that lists every problem', async () => {
    const p = fixtureProject();
    p.write('plugins/demo/plugin.json', manifest('demo', { version: 'one' }));
    const err = await loadRegistry(p.root).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.details).toContainEqual(expect.objectContaining({ file: 'plugins/demo/plugin.json', pointer: '/version' }));
  });

  it('loads the project plugins cleanly', async () => {
    const { registry, errors } = await loadPlugins();
    expect(errors).toEqual([]);
    expect(registry.list().map((p) => p.id)).toEqual(['chongqing-jiangjin', 'national', 'xinjiang-changji']);
  });
});
