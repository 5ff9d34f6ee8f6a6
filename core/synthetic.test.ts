import { describe, expect, it } from 'vitest';
import { fixtureProject, threeLevels } from '../test/fixtures/project.ts';
import { loadPlugins } from './registry.ts';
import { syntheticPopulation } from './synthetic.ts';

describe('synthetic findings', () => {
  it('name only the review items the region itself lists (审查内容), none of another region’s', async () => {
    const p = fixtureProject();
    p.write('plugins/demo/plugin.json', {
      id: 'demo',
      name: '测试',
      version: '1.0.0',
      decisions: [],
      gradeScale: threeLevels,
      reviewItems: [{ item: 'collectiveContract', text: '用人单位签订集体合同的情况', basis: '《劳动保障监察条例》第十一条' }],
    });
    const { registry, errors } = await loadPlugins(p.root);
    expect(errors).toEqual([]);
    const items = [...syntheticPopulation(registry.get('demo'), 200, 1)].flatMap((e) => (e.violations as { item: string }[]).map((v) => v.item));
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items)).toEqual(new Set(['collectiveContract']));
  });
});
