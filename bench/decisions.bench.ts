/**
 * Issue 2's benchmark: grading, jurisdiction and documents for a seeded synthetic population of
 * 100,000 employers, each with its full trace: json-rules-engine with the Engine built once per
 * ruleset against a new Engine per call (the naive reference), and the compiled closures' trace
 * (what decide and the API answer with, issue 11) against the shared engine.
 */
import { Decider } from '../core/decide.ts';
import { buildEngine } from '../core/engine.ts';
import { completeFacts } from '../core/facts.ts';
import { loadRegistry } from '../core/registry.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import type { DecisionKind } from '../core/types.ts';
import { fmt, measure, table, type BenchSuite } from './suite.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const PLUGIN = 'chongqing-jiangjin';
const AT = '2024-08-02';

export const decisions: BenchSuite = {
  name: 'decisions',
  title: `a decision with its full trace over ${fmt(N)} synthetic employers of ${PLUGIN}: compiled, shared Engine, a new Engine per call`,
  async run() {
    const registry = await loadRegistry();
    const decider = new Decider(registry);
    const plugin = registry.get(PLUGIN);
    const population = [...syntheticPopulation(plugin, N, 2024)];
    const rows = [];
    for (const decision of ['grading', 'jurisdiction', 'documents'] as DecisionKind[]) {
      const prepared = decider.prepare(PLUGIN, decision, AT);
      const shared = await measure(N, (i) => decider.decide(PLUGIN, decision, population[i], { at: AT, engine: 'json-rules-engine' }));
      // the naive reference builds the Engine again for every employer (on the facts completed beforehand)
      const completed = population.map(
        (p) => completeFacts(p, { at: AT, defaults: prepared.ruleset.factDefaults, derived: prepared.derived, required: prepared.required }).facts,
      );
      const naive = await measure(N, (i) => buildEngine(prepared.ruleset, plugin.operators()).run(completed[i]));
      const compiled = await measure(N, (i) => decider.decide(PLUGIN, decision, population[i], { at: AT }));
      rows.push({
        decision,
        rules: prepared.ruleset.rules.length,
        'compiled trace /s': fmt(compiled.perSecond),
        'vs shared engine': `${(compiled.perSecond / shared.perSecond).toFixed(1)}×`,
        'shared engine /s': fmt(shared.perSecond),
        'new engine per call /s': fmt(naive.perSecond),
        ratio: `${(shared.perSecond / naive.perSecond).toFixed(2)}×`,
        'shared total s': shared.seconds.toFixed(1),
      });
    }
    table(rows);
  },
};
