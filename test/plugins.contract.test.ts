/**
 * The contract every plugin must keep, run against each plugin the way hono runs one suite against
 * every router: it loads cleanly, every rule states its basis, every decision it declares answers
 * with a result of the shared shape, and its own test cases pass.
 */
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { loadPlugins } from '../core/registry.ts';
import { createAjv, loadSchema } from '../core/schema.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { loadTestFiles, runTestCase } from '../core/testCases.ts';
import type { DecisionKind, Facts } from '../core/types.ts';

const { registry, errors } = await loadPlugins();
const decider = new Decider(registry);
const ajv = createAjv();
ajv.addSchema(loadSchema('results.schema.json'));
const resultValidator = (decision: DecisionKind) => ajv.getSchema(`https://jiancha.local/schemas/results.schema.json#/$defs/${decision}`)!;

/** The decision's own facts on top of an employer's: cadence follows from a grade. */
function factsFor(decision: DecisionKind, employer: Facts): Facts {
  return decision === 'cadence' ? { ...employer, grade: employer.lastGrade ?? 'B' } : employer;
}

describe.each(registry.list().map((p) => [p.id, p] as const))('plugin %s', (id, plugin) => {
  const at = plugin.rulesets
    .map((r) => r.validFrom)
    .sort()
    .at(-1)!;

  it('loads with no errors', () => {
    expect(errors.filter((e) => e.file?.includes(`/${id}/`))).toEqual([]);
  });

  it('has a Chinese name, a semantic version and declares at least one decision', () => {
    expect(plugin.manifest.name).toMatch(/[\u4e00-\u9fa5]/);
    expect(plugin.manifest.decisions.length).toBeGreaterThan(0);
  });

  describe.each(plugin.manifest.decisions.map((d) => [d] as const))('%s', (decision) => {
    it('every effective rule has an event with a basis', () => {
      const ruleset = plugin.effectiveRuleset(decision, at)!;
      expect(ruleset.rules.length).toBeGreaterThan(0);
      for (const rule of ruleset.rules) expect(rule.event?.params.basis, rule.name).toMatch(/.{2,}/);
    });

    it('answers 300 synthetic employers with a result of the shared shape and a full trace', async () => {
      const validate = resultValidator(decision);
      for (const employer of syntheticPopulation(plugin, 300, 7)) {
        const d = await decider.decide(id, decision, factsFor(decision, employer), { at });
        if (!validate(d.result)) throw new Error(`${JSON.stringify(validate.errors)} in ${JSON.stringify(d.result)}`);
        expect(d.trace.rules).toHaveLength(plugin.effectiveRuleset(decision, at)!.rules.length);
        expect(d.trace.rules.some((r) => r.fired)).toBe(true);
        expect(d.rulesetHash).toMatch(/^[0-9a-f]{64}$/);
        expect(d.pluginVersion).toBe(plugin.manifest.version);
      }
    });
  });

  const files = loadTestFiles(plugin, registry.root);

  it('keeps test cases for every decision it declares', () => {
    expect(new Set(files.map((f) => f.decision))).toEqual(new Set(plugin.manifest.decisions));
  });

  describe.each(files.map((f) => [f.decision, f] as const))('test cases: %s', (_decision, file) => {
    it.each(file.cases.map((c) => [c.name, c] as const))('%s', async (_name, tc) => {
      const outcome = await runTestCase(decider, id, file, tc);
      expect(outcome.problems, `依据: ${tc.clause}`).toEqual([]);
    });
  });
});
