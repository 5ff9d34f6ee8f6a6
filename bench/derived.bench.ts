/**
 * Issue 15's score-derived grading: the fixture region test/fixtures/weighted-score grades from a
 * weighted score of three imported inputs (derived facts as expressions in its plugin.json), over
 * synthetic employers. Decider.decideEach (compiled closures, the derived facts computed before the
 * rules) against json-rules-engine run() on the same completed facts; both must agree.
 */
import { join } from 'node:path';
import { Decider } from '../core/decide.ts';
import { completeFacts } from '../core/facts.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import type { Facts } from '../core/types.ts';
import { fmt, measure, table, type BenchSuite } from './suite.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const PLUGIN = 'weighted-score';
const AT = '2025-03-01';

/** A deterministic population: scores 30–100, a few counts of violations. */
function population(n: number): Facts[] {
  let seed = 2025;
  const next = (max: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % (max + 1);
  };
  return Array.from({ length: n }, () => ({
    unitType: next(9) === 0 ? 'institution' : 'enterprise',
    punishedCount: next(9) === 0 ? 1 : 0,
    'ws.attendanceScore': 30 + next(70),
    'ws.wageScore': 30 + next(70),
    'ws.contractScore': 30 + next(70),
    'ws.wageArrears': next(2),
    'ws.contractViolations': next(1),
  }));
}

export const derived: BenchSuite = {
  name: 'derived',
  title: `score-derived grading of ${fmt(N)} employers (${PLUGIN}): compiled with derived facts vs json-rules-engine`,
  async run() {
    const registry = await loadRegistry(join(projectRoot, 'test/fixtures/weighted-score'));
    const decider = new Decider(registry);
    const prepared = decider.prepare(PLUGIN, 'grading', AT);
    const employers = population(N);
    const completed = employers.map(
      (f) => completeFacts(f, { at: AT, defaults: prepared.ruleset.factDefaults, derived: prepared.derived, required: prepared.required }).facts,
    );
    let sink = 0;
    const engineRun = await measure(Math.min(N, 20_000), async (i) => (sink += (await prepared.engine.run(completed[i])).events.length));
    const items = employers.map((facts) => ({ facts }));
    const whole = await measure(1, () => decider.decideEach(PLUGIN, 'grading', items, ({ result }) => (sink += result.reasons.length), { at: AT }));
    const batch = { ...whole, perSecond: N / whole.seconds };
    // json-rules-engine's decisions against the batch path's, employer by employer
    const checked = Math.min(N, 20_000);
    const fast: string[] = [];
    await decider.decideEach(PLUGIN, 'grading', items.slice(0, checked), ({ result }) => fast.push(JSON.stringify(result)), { at: AT });
    let disagreements = 0;
    for (let i = 0; i < checked; i++) {
      const decided = await decider.decide(PLUGIN, 'grading', employers[i], { at: AT, engine: 'json-rules-engine' });
      if (JSON.stringify(decided.result) !== fast[i]) disagreements++;
    }
    table(
      [
        ['json-rules-engine run(), completed facts', engineRun],
        ['Decider.decideEach: derived facts + compiled rules, with reasons', batch],
      ].map(([name, m]) => ({
        path: name as string,
        'employers/s': fmt((m as typeof batch).perSecond),
        'µs each': (1e6 / (m as typeof batch).perSecond).toFixed(2),
      })),
    );
    console.log(
      `target: score-derived grading with reasons ≥ 500,000/s → ${fmt(batch.perSecond)}/s (${(batch.perSecond / engineRun.perSecond).toFixed(1)}× run())`,
    );
    console.log(`compiled vs json-rules-engine: ${disagreements} disagreements of ${fmt(checked)} (sink ${sink})`);
  },
};
