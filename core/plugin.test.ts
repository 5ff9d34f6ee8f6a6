import { describe, expect, it } from 'vitest';
import { fixtureProject, threeLevels, gradeRule, ruleset } from '../test/fixtures/project.ts';
import { Decider } from './decide.ts';
import { loadRegistry } from './registry.ts';

const punished = (n: number) => ({ all: [{ fact: 'punishedCount', operator: 'greaterThanInclusive', value: n }] });

async function family() {
  const p = fixtureProject();
  p.write('plugins/base/plugin.json', { id: 'base', name: '基础', version: '1.0.0', decisions: ['grading'], gradeScale: threeLevels });
  p.write('plugins/region/plugin.json', { id: 'region', name: '地区', version: '2.0.0', extends: 'base', decisions: ['grading'] });
  p.write(
    'rulesets/base/grading.json',
    ruleset(
      'base',
      'grading',
      [
        gradeRule('a', 'A', punished(0), '基础 第一条', 1),
        gradeRule('b', 'B', punished(1), '基础 第二条', 2),
        gradeRule('c', 'C', punished(3), '基础 第三条', 3),
      ],
      {
        labels: { A: '甲', B: '乙', C: '丙' },
      },
    ),
  );
  return p;
}

describe('plugin inheritance', () => {
  it('a region overrides a rule by name and keeps the rest', async () => {
    const p = await family();
    p.write('rulesets/region/grading.json', ruleset('region', 'grading', [gradeRule('c', 'C', punished(2), '地区 第九条', 3)], { labels: { C: '不诚信' } }));
    const decider = new Decider(await loadRegistry(p.root));
    const d = await decider.decide('region', 'grading', { punishedCount: 2 }, { at: '2024-01-01' });
    expect(d.result).toMatchObject({ grade: 'C', label: '不诚信', reasons: [{ rule: 'c', basis: '地区 第九条' }] });
    expect(d.trace.rules.map((r) => `${r.rule}:${r.from}`)).toEqual(['c:region', 'b:base', 'a:base']);
    expect(d.trace.rulesets.map((r) => r.plugin)).toEqual(['base', 'region']);
    const one = await decider.decide('region', 'grading', { punishedCount: 1 }, { at: '2024-01-01' });
    expect(one.result).toMatchObject({ grade: 'B', label: '乙' });
  });

  it('omit drops the parent rule; inherit false starts afresh', async () => {
    const p = await family();
    p.write('rulesets/region/grading.json', ruleset('region', 'grading', [{ name: 'c', omit: true }]));
    let decider = new Decider(await loadRegistry(p.root));
    let d = await decider.decide('region', 'grading', { punishedCount: 5 }, { at: '2024-01-01' });
    expect(d.result.grade).toBe('B');
    expect(d.trace.rules.map((r) => r.rule)).toEqual(['b', 'a']);

    p.write('rulesets/region/grading.json', ruleset('region', 'grading', [gradeRule('only', 'A', { all: [] }, '地区 第一条')], { inherit: false }));
    decider = new Decider(await loadRegistry(p.root));
    d = await decider.decide('region', 'grading', { punishedCount: 5 }, { at: '2024-01-01' });
    expect(d.result).toMatchObject({ grade: 'A', reasons: [{ rule: 'only' }] });
  });

  it('--at picks the ruleset in force, and the hash names the files used', async () => {
    const p = await family();
    p.write(
      'rulesets/region/grading-2023.json',
      ruleset('region', 'grading', [gradeRule('c', 'C', punished(2), '2023版', 3)], { version: '2023', validFrom: '2023-01-01', validTo: '2023-12-31' }),
    );
    p.write(
      'rulesets/region/grading-2024.json',
      ruleset('region', 'grading', [gradeRule('c', 'C', punished(4), '2024版', 3)], { version: '2024', validFrom: '2024-01-01' }),
    );
    const decider = new Decider(await loadRegistry(p.root));
    const in2023 = await decider.decide('region', 'grading', { punishedCount: 3 }, { at: '2023-06-30' });
    const in2024 = await decider.decide('region', 'grading', { punishedCount: 3 }, { at: '2024-06-30' });
    expect(in2023.result.grade).toBe('C');
    expect(in2024.result.grade).toBe('B');
    expect(in2023.trace.rulesets.at(-1)).toMatchObject({ version: '2023', file: 'rulesets/region/grading-2023.json' });
    expect(in2023.rulesetHash).not.toBe(in2024.rulesetHash);
    // before the region's first ruleset, the parent's rules alone are in force
    const in2022 = await decider.decide('region', 'grading', { punishedCount: 3 }, { at: '2022-06-30' });
    expect(in2022.trace.rulesets.map((r) => r.plugin)).toEqual(['base']);
  });

  it("one merged ruleset per set of files in force, the parent's left as it was", async () => {
    const p = await family();
    p.write('rulesets/region/grading.json', ruleset('region', 'grading', [{ name: 'a', omit: true }], { validFrom: '2024-01-01' }));
    const registry = await loadRegistry(p.root);
    const region = registry.get('region');
    const merged = region.effectiveRuleset('grading', '2024-03-01')!;
    // a later day with the same files in force is the same merge; before the region's file, the parent's alone
    expect(region.effectiveRuleset('grading', '2024-09-30')).toBe(merged);
    expect(region.effectiveRuleset('grading', '2023-06-30')).toBe(registry.get('base').effectiveRuleset('grading', '2023-06-30'));
    // the region numbers b and c from 0 once a is omitted; the base's own rules keep their order 0, 1, 2
    expect(merged.rules.map((r) => `${r.name}:${r.order}`)).toEqual(['b:0', 'c:1']);
    expect(
      registry
        .get('base')
        .effectiveRuleset('grading', '2024-03-01')!
        .rules.map((r) => `${r.name}:${r.order}`),
    ).toEqual(['a:0', 'b:1', 'c:2']);
  });

  it('the real regions inherit the national 第七条 criteria', async () => {
    const registry = await loadRegistry();
    for (const id of ['chongqing-jiangjin', 'xinjiang-changji']) {
      const rules = registry.get(id).effectiveRuleset('grading', '2025-06-01')!.rules;
      const national = rules.filter((r) => r.from.plugin === 'national').map((r) => r.name);
      expect(national).toEqual(
        expect.arrayContaining([
          'c-punished-three-times',
          'c-mass-incident',
          'c-child-or-forced-labour',
          'c-refused-orders',
          'c-obstructed-inspection',
          'c-criminal-liability',
          'b-punished',
          'a-compliant',
        ]),
      );
      expect(rules.find((r) => r.name === 'not-enterprise')?.from.plugin).toBe(id);
    }
  });
});
