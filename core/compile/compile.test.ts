/**
 * Differential tests: the compiled closures and json-rules-engine must fire the same rules and give
 * the same results, on every plugin's real rulesets and on random rulesets within the schema.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Decider } from '../decide.ts';
import { buildEngine } from '../engine.ts';
import { JianchaError } from '../errors.ts';
import type { EffectiveRuleset } from '../plugin.ts';
import { loadRegistry } from '../registry.ts';
import { syntheticPopulation } from '../synthetic.ts';
import type { DecisionKind, Facts, OperatorFn } from '../types.ts';
import { traceRules } from '../trace.ts';
import { compileRuleset, valuesOf } from './compile.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);

/** What a call gave: its value, or the code and details of the error it threw. */
async function settled<T>(f: () => Promise<T> | T): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await f() };
  } catch (err) {
    return { error: err instanceof JianchaError ? { code: err.code, details: err.details } : String(err) };
  }
}

describe('compiled rulesets equal json-rules-engine on every plugin', () => {
  const cases = registry.list().flatMap((p) => p.manifest.decisions.map((d) => [p.id, d] as const));
  it.each(cases)('%s %s', async (pluginId, decision) => {
    const plugin = registry.get(pluginId);
    const at = plugin.rulesets
      .map((r) => r.validFrom)
      .sort()
      .at(-1)!;
    const population = [...syntheticPopulation(plugin, 400, 11)];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...population),
        fc.constantFrom('A', 'B', 'C'),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 400 }),
        async (employer, grade, punished, headcount) => {
          const facts = { ...employer, grade, punishedCount: punished, headcount };
          const full = await decider.decide(pluginId, decision, facts, { at, engine: 'json-rules-engine' });
          const fast = await decider.decide(pluginId, decision, facts, { at, trace: false });
          expect(fast.result).toEqual(full.result);
          expect(fast.fired.map((e) => e.rule)).toEqual(full.trace.rules.filter((r) => r.fired).map((r) => r.rule));
          // the decision the API answers, trace and all, as JSON
          expect(JSON.stringify(await decider.decide(pluginId, decision, facts, { at }))).toBe(JSON.stringify(full));
        },
      ),
      { numRuns: 150 },
    );
  });

  // the batch path reads the rules' facts straight from the given ones: defaults, the year and
  // missing facts must come out as completeFacts makes them
  it.each(cases)('%s %s with facts left out and the year given or not', async (pluginId, decision) => {
    const plugin = registry.get(pluginId);
    const at = plugin.rulesets
      .map((r) => r.validFrom)
      .sort()
      .at(-1)!;
    const prepared = decider.prepare(pluginId, decision as DecisionKind, at);
    const population = [...syntheticPopulation(plugin, 100, 12)];
    const names = [...new Set([...Object.keys(population[0]), ...prepared.referenced])];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...population),
        fc.subarray(names, { maxLength: 6 }),
        fc.option(fc.integer({ min: 2015, max: 2025 }), { nil: undefined }),
        async (employer, omitted, year) => {
          const facts: Facts = { ...employer, grade: 'A', year };
          for (const name of omitted) delete facts[name];
          const full = await settled(async () => (await decider.decide(pluginId, decision, facts, { at, engine: 'json-rules-engine' })).result);
          const fast = await settled(async () => (await decider.decide(pluginId, decision, facts, { at, trace: false })).result);
          expect(fast).toEqual(full);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---- random rulesets within the schema, over a small fact vocabulary
const FACTS = ['n', 'm', 's', 'list', 'obj', 'flag', 'missing'];
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', '1', ''), fc.boolean(), fc.constant(null));
const factsArb: fc.Arbitrary<Facts> = fc.record(
  {
    n: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('2', 'x', null)),
    m: fc.integer({ min: -3, max: 3 }),
    s: fc.constantFrom('a', 'b', 'ab', '1'),
    list: fc.array(scalar, { maxLength: 4 }),
    obj: fc.oneof(fc.record({ x: scalar, y: fc.record({ z: scalar }) }), fc.constant(null), fc.constant(3)),
    flag: fc.boolean(),
  },
  { requiredKeys: ['m'] },
);
const custom: Record<string, OperatorFn> = {
  truthy: (fv) => Boolean(fv),
  sameType: (fv, v) => typeof fv === typeof v,
  // returns the fact itself: json-rules-engine passes only `=== true` in all/any, but fires on truthy
  echo: (fv) => fv as boolean,
};
const BASE = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'truthy',
  'sameType',
  'echo',
];
const DECORATORS = ['', 'not:', 'someFact:', 'everyFact:', 'someValue:', 'everyValue:', 'swap:', 'not:someFact:'];

const leaf = fc
  .record({
    fact: fc.constantFrom(...FACTS),
    operator: fc.tuple(fc.constantFrom(...DECORATORS), fc.constantFrom(...BASE)).map(([d, b]) => d + b),
    value: fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.constantFrom(...FACTS).map((f) => ({ fact: f })),
    ),
    path: fc.option(fc.constantFrom('$.x', '$.y.z', '$.length'), { nil: undefined }),
    priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  })
  .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)));

const { node } = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }).map((all) => ({ all })),
    fc.array(tie('node'), { maxLength: 4 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
}));
const top = fc.oneof(
  fc.array(node, { maxLength: 4 }).map((all) => ({ all })),
  fc.array(node, { maxLength: 4 }).map((any) => ({ any })),
  node.map((not) => ({ not })),
);

function rulesetOf(conditions: Record<string, unknown>[], priorities: number[]): EffectiveRuleset {
  return {
    decision: 'grading',
    rules: conditions.map((c, i) => ({
      name: `r${i}`,
      priority: priorities[i],
      conditions: c as never,
      event: { type: 'grade', params: { grade: 'A', basis: 'test' } },
      from: { plugin: 't', file: 't' },
      order: i,
    })),
    sources: [],
    factDefaults: {},
    labels: {},
  };
}

async function outcome<T>(f: () => Promise<T> | T): Promise<T | 'threw'> {
  try {
    return await f();
  } catch {
    return 'threw';
  }
}

describe('compiled conditions equal json-rules-engine on random rulesets', () => {
  it('fire the same rules for random facts (all/any/not, decorators, paths, fact references, priorities)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(top, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 5, maxLength: 5 }),
        factsArb,
        async (conditions, priorities, facts) => {
          const ruleset = rulesetOf(conditions, priorities);
          const engine = buildEngine(ruleset, custom);
          const compiled = compileRuleset(ruleset, custom);
          const viaEngine = await outcome(async () => (await engine.run(facts)).results.map((r) => r.name).sort());
          const viaCompiled = await outcome(() =>
            compiled
              .fired(valuesOf(compiled, facts))
              .map((e) => e.rule)
              .sort(),
          );
          expect(viaCompiled).toEqual(viaEngine);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('give the same whole trace: every node’s result, every leaf’s fact value, unreached nodes without one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(top, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 5, maxLength: 5 }),
        factsArb,
        async (conditions, priorities, facts) => {
          const ruleset = rulesetOf(conditions, priorities);
          const engine = buildEngine(ruleset, custom);
          const compiled = compileRuleset(ruleset, custom);
          const viaEngine = await outcome(async () => {
            const { results, failureResults } = await engine.run(facts);
            return JSON.stringify(traceRules(ruleset, [...results, ...failureResults]));
          });
          const viaCompiled = await outcome(() => JSON.stringify(compiled.explain(valuesOf(compiled, facts))));
          // as JSON, as the API sends it: the same keys in the same order
          expect(viaCompiled).toEqual(viaEngine);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('what the compiler cannot handle falls back to json-rules-engine', () => {
  it('runs the ruleset on json-rules-engine, says so once, and gives the same result', async () => {
    const real = decider.prepare('national', 'grading', '2024-01-01');
    // a shared condition reference: json-rules-engine resolves it, the compiler does not
    const ruleset = {
      ...real.ruleset,
      rules: real.ruleset.rules.map((r) => (r.name === 'a-compliant' ? { ...r, conditions: { all: [{ condition: 'clean' }] } as never } : r)),
    };
    const engine = buildEngine(ruleset, registry.get('national').operators());
    engine.setCondition('clean', { all: [{ fact: 'punishedCount', operator: 'equal', value: 0 }] });
    const prepared = { ...real, ruleset, engine, batch: undefined };
    expect(() => compileRuleset(ruleset, {})).toThrow(/shared condition "clean"/);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // the decider given this ruleset as the one in force
    vi.spyOn(decider, 'prepare').mockReturnValue(prepared);
    const first = await decider.decide('national', 'grading', { unitType: 'enterprise', punishedCount: 0 }, { at: '2024-01-01', trace: false });
    const second = await decider.decide('national', 'grading', { unitType: 'enterprise', punishedCount: 2 }, { at: '2024-01-01', trace: false });
    expect(first.result).toMatchObject({ grade: 'A', reasons: [{ rule: 'a-compliant' }] });
    expect(second.result.grade).toBe('B');
    // the decision with its trace comes from json-rules-engine too
    const traced = await decider.decide('national', 'grading', { unitType: 'enterprise', punishedCount: 0 }, { at: '2024-01-01' });
    expect(traced.trace.rules.find((r) => r.rule === 'a-compliant')).toMatchObject({ fired: true, conditions: { all: [{ result: true }] } });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/national\/grading.*shared condition "clean"/);
    vi.restoreAllMocks();
  });
});
