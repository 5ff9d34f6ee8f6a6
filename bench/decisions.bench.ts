/**
 * Issue 2's benchmark: grading, jurisdiction and documents for a seeded synthetic population of
 * 100,000 employers, with the Engine built once per ruleset (as decide does) against a new Engine per
 * call, the naive reference.
 */
import { Decider } from '../core/decide.ts';
import { buildEngine } from '../core/engine.ts';
import { loadRegistry } from '../core/registry.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import type { DecisionKind } from '../core/types.ts';
import { fmt, measure, table, type BenchSuite } from './suite.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const PLUGIN = 'chongqing-jiangjin';
const AT = '2024-08-02';

export const decisions: BenchSuite = {
  name: 'decisions',
  title: `decide() over ${fmt(N)} synthetic employers of ${PLUGIN}, shared Engine vs a new Engine per call`,
  async run() {
    const registry = await loadRegistry();
    const decider = new Decider(registry);
    const plugin = registry.get(PLUGIN);
    const population = [...syntheticPopulation(plugin, N, 2024)];
    const rows = [];
    for (const decision of ['grading', 'jurisdiction', 'documents'] as DecisionKind[]) {
      const prepared = decider.prepare(PLUGIN, decision, AT);
      const shared = await measure(N, (i) => decider.run(prepared, population[i], AT));
      // the naive reference builds the Engine again for every employer
      const naive = await measure(N, (i) => decider.run({ ...prepared, engine: buildEngine(prepared.ruleset, plugin.operators()) }, population[i], AT));
      rows.push({
        decision,
        rules: prepared.ruleset.rules.length,
        'shared engine /s': fmt(shared.perSecond),
        'new engine per call /s': fmt(naive.perSecond),
        ratio: `${(shared.perSecond / naive.perSecond).toFixed(2)}×`,
        'shared total s': shared.seconds.toFixed(1),
      });
    }
    table(rows);
  },
};
