/**
 * traceJson writes a trace's text with each rule's fixed fields made once: the same text as
 * JSON.stringify, for every shipped decision, on the compiled closures and on json-rules-engine.
 */
import { describe, expect, it } from 'vitest';
import { Decider } from './decide.ts';
import { loadRegistry } from './registry.ts';
import { syntheticPopulation } from './synthetic.ts';
import { traceJson } from './trace.ts';
import type { DecisionKind, Facts } from './types.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);
const AT = '2024-08-02';

// every shipped plugin's decisions with rules in force on the day
const decisions = registry
  .list()
  .flatMap((p) => p.manifest.decisions.map((d) => [p.id, d as DecisionKind] as const))
  .filter(([id, d]) => registry.get(id).effectiveRuleset(d, AT));

it('covers the shipped decisions', () => {
  expect(decisions.length).toBeGreaterThan(10);
});

describe.each(decisions)('%s %s', (id, decision) => {
  const plugin = registry.get(id);
  const employers = [...syntheticPopulation(plugin, 60, 11)].map(
    (e): Facts => (decision === 'cadence' ? { ...e, grade: e.lastGrade ?? plugin.gradeScale().codes[0] } : e),
  );

  it.each([['closures'], ['json-rules-engine']] as const)('gives JSON.stringify’s text on %s', async (engine) => {
    for (const facts of employers) {
      const { trace } = await decider.decide(id, decision, facts, { at: AT, ...(engine === 'json-rules-engine' && { engine }) });
      expect(traceJson(trace)).toBe(JSON.stringify(trace));
    }
  });
});

it('writes a rule that shares another’s params under its own name, priority and plugin', async () => {
  const { trace } = await decider.decide('chongqing-jiangjin', 'grading', [...syntheticPopulation(registry.get('chongqing-jiangjin'), 1, 3)][0], { at: AT });
  traceJson(trace);
  const [first] = trace.rules;
  const twin = { ...first, rule: `${first.rule}-twin`, from: 'national', priority: first.priority + 1, fired: !first.fired };
  const changed = { ...trace, rules: [twin, ...trace.rules] };
  expect(traceJson(changed)).toBe(JSON.stringify(changed));
  expect(traceJson(trace)).toBe(JSON.stringify(trace));
});
