/**
 * Issue 6's benchmark: the 重庆江津 grading ruleset over synthetic employers, side by side —
 * json-rules-engine run() on a shared Engine, a new Engine per employer, the compiled closures (on
 * the values of their facts, read beforehand), Decider.decideEach (from the given facts to the
 * result with reasons: what the grading run uses), and a hand-written function of the same rules on
 * the completed facts as the ceiling.
 */
import { Decider } from '../core/decide.ts';
import { buildEngine } from '../core/engine.ts';
import { completeFacts } from '../core/facts.ts';
import { loadRegistry } from '../core/registry.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import type { Facts } from '../core/types.ts';
import { compileRuleset, valuesOf } from '../core/compile/compile.ts';
import { fmt, measure, table, type BenchSuite } from './suite.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const PLUGIN = 'chongqing-jiangjin';
const AT = '2024-08-02';

/** The same rules as rulesets/national + chongqing-jiangjin grading.json, by hand. */
function gradeByHand(f: Facts): string | null {
  if (f.unitType !== 'enterprise' || f.inspected === false) return null;
  const n = f.punishedCount as number;
  if (n >= 3 || f.massIncident || f.childLabour || f.forcedLabour || f.refusedOrders || f.obstructedInspection || f.criminalLiability) return 'C';
  return n >= 1 ? 'B' : 'A';
}

export const compile: BenchSuite = {
  name: 'compile',
  title: `grading ${fmt(N)} employers of ${PLUGIN}: json-rules-engine vs compiled closures vs hand-written`,
  async run() {
    const registry = await loadRegistry();
    const decider = new Decider(registry);
    const plugin = registry.get(PLUGIN);
    const prepared = decider.prepare(PLUGIN, 'grading', AT);
    const population = [...syntheticPopulation(plugin, N, 2024)];
    // the rule engines see completed facts (defaults, year), as decide gives them
    const completed = population.map(
      (p) => completeFacts(p, { at: AT, defaults: prepared.ruleset.factDefaults, derived: plugin.derivedFacts(), required: prepared.required }).facts,
    );
    const compiled = compileRuleset(prepared.ruleset, plugin.operators());
    const values = completed.map((f) => valuesOf(compiled, f));
    let sink = 0;
    const engineRun = await measure(N, async (i) => (sink += (await prepared.engine.run(completed[i])).events.length));
    const newEngine = await measure(
      Math.min(N, 20_000),
      async (i) => (sink += (await buildEngine(prepared.ruleset, plugin.operators()).run(completed[i])).events.length),
    );
    const closures = await measure(N, (i) => (sink += compiled.fired(values[i]).length));
    // the grading run's path: one call for the whole population, each result with its reasons
    const items = population.map((facts) => ({ facts }));
    const whole = await measure(1, () => decider.decideEach(PLUGIN, 'grading', items, ({ result }) => (sink += result.reasons.length), { at: AT }));
    const batch = { ...whole, perSecond: N / whole.seconds };
    const byHand = await measure(N, (i) => (sink += gradeByHand(completed[i]) === 'A' ? 1 : 0));
    // the compiled path agrees with the hand-written one on every employer
    let disagreements = 0;
    let i = 0;
    await decider.decideEach(PLUGIN, 'grading', items, ({ result }) => (disagreements += (result.grade ?? null) !== gradeByHand(completed[i++]) ? 1 : 0), {
      at: AT,
    });
    const rows = [
      ['json-rules-engine run(), shared Engine', engineRun],
      ['json-rules-engine, new Engine per employer', newEngine],
      ['compiled closures (fired rules, on fact values)', closures],
      ['Decider.decideEach: compiled, with reasons', batch],
      ['hand-written function', byHand],
    ] as const;
    table(
      rows.map(([name, m]) => ({
        path: name,
        'employers/s': fmt(m.perSecond),
        'µs each': (1e6 / m.perSecond).toFixed(2),
        'vs run()': `${(m.perSecond / engineRun.perSecond).toFixed(1)}×`,
        'vs hand-written': `${(byHand.perSecond / m.perSecond).toFixed(1)}× slower`,
      })),
    );
    console.log(
      `targets: grading with reasons ≥ 1,000,000/s → ${fmt(batch.perSecond)}/s; ≥ 40× run() → ${(batch.perSecond / engineRun.perSecond).toFixed(1)}×; within 10× of hand-written → ${(byHand.perSecond / batch.perSecond).toFixed(1)}×`,
    );
    console.log(`compiled vs hand-written disagreements: ${disagreements} of ${fmt(N)} (sink ${sink})`);
  },
};
