import { describe, expect, it } from 'vitest';
import { fixtureProject } from '../test/fixtures/project.ts';
import { Decider } from './decide.ts';
import { loadRegistry } from './registry.ts';
import { loadTestFiles, mismatches, runTestCase } from './testCases.ts';

describe('plugin test cases', () => {
  it('tell a plugin developer which case broke, why, and the clause it rests on', async () => {
    const p = fixtureProject({ copyReal: true });
    // a bureau raises the A-grade ratio above the notice's 3%
    p.edit('rulesets/chongqing-jiangjin/sampling.json', (r) => {
      r.rules.find((x: { name: string }) => x.name === 'stratum-a').event.params.bounds.max = 0.05;
    });
    const registry = await loadRegistry(p.root);
    const decider = new Decider(registry);
    const plugin = registry.get('chongqing-jiangjin');
    const outcomes = [];
    for (const file of loadTestFiles(plugin, p.root)) for (const tc of file.cases) outcomes.push(await runTestCase(decider, plugin.id, file, tc));
    const failed = outcomes.filter((o) => !o.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ name: 'A级不高于3%', problems: ['/bounds/max: expected 0.03, got 0.05'] });
    expect(failed[0].clause).toContain('A级企业不高于3%');
  });

  it('a case whose rule does not fire says so', async () => {
    const p = fixtureProject({ copyReal: true });
    p.edit('rulesets/chongqing-jiangjin/tests/cadence.json', (t) => {
      t.cases[0].fired = ['plaque'];
    });
    const registry = await loadRegistry(p.root);
    const [file] = loadTestFiles(registry.get('chongqing-jiangjin'), p.root).filter((f) => f.decision === 'cadence');
    const outcome = await runTestCase(new Decider(registry), 'chongqing-jiangjin', file, file.cases[0]);
    expect(outcome.problems).toEqual(['rule plaque did not fire']);
  });

  it('matches expectations partially, arrays element by element', () => {
    expect(mismatches({ a: 1, b: [{ x: 1, y: 2 }] }, { b: [{ x: 1 }] }, '')).toEqual([]);
    expect(mismatches({ b: [{ x: 1 }, { x: 2 }] }, { b: [{ x: 1 }] }, '')).toEqual(['/b: expected 1 item(s), got 2']);
    expect(mismatches({ a: null }, { a: 0 }, '')).toEqual(['/a: expected 0, got null']);
  });
});
