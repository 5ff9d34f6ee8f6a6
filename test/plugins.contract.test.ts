/**
 * The contract every plugin must keep, run against each plugin the way hono runs one suite against
 * every router: it loads cleanly, every rule states its basis, every decision it declares answers
 * with a result of the shared shape, and its own test cases pass. The shipped plugins and the fixture
 * regions (test/fixtures/plugins.ts), the latter loaded as a province's plugin is: from outside the
 * repository's plugins/, through the registry's plugins option (JIANCHA_PLUGINS).
 */
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { loadPlugins, projectRoot } from '../core/registry.ts';
import { createAjv, loadSchema } from '../core/schema.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { loadTestFiles, runTestCase } from '../core/testCases.ts';
import type { Plugin } from '../core/plugin.ts';
import type { DecisionKind, Facts } from '../core/types.ts';
import { FIXTURE_PLUGINS } from './fixtures/plugins.ts';

const { registry, errors } = await loadPlugins(projectRoot, { plugins: FIXTURE_PLUGINS });
const decider = new Decider(registry);
const ajv = createAjv();
ajv.addSchema(loadSchema('results.schema.json'));
const resultValidator = (decision: DecisionKind) => ajv.getSchema(`https://jiancha.local/schemas/results.schema.json#/$defs/${decision}`)!;

/**
 * The decision's own facts on top of an employer's: cadence follows from a grade, last year's or, for
 * an employer without one, the middle level of the plugin's own scale.
 */
function factsFor(plugin: Plugin, decision: DecisionKind, employer: Facts): Facts {
  if (decision !== 'cadence') return employer;
  const { codes } = plugin.gradeScale();
  return { ...employer, grade: employer.lastGrade ?? codes[Math.floor(codes.length / 2)] };
}

it('runs over the fixture regions as well as the shipped plugins', () => {
  expect(registry.list().map((p) => p.id)).toEqual(expect.arrayContaining(['five-level', 'national']));
});

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
        const d = await decider.decide(id, decision, factsFor(plugin, decision, employer), { at });
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
