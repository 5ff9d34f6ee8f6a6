/**
 * Compiles a ruleset's json-rules-engine conditions into closures: the values of the facts the
 * conditions read in, the fired rules out, synchronously and without copying the condition tree per
 * call. Values stay data captured by the closures; nothing is turned into source code. The evaluation
 * order and the odd corners of json-rules-engine are kept (an empty all/any is true; conditions of
 * equal priority are all evaluated before the set decides; only `=== true` passes), so both engines
 * give the same result.
 *
 * The closures read facts from an array, one slot per fact, rather than from a facts object: a keyed
 * read of a different property at every condition is megamorphic and was most of the time spent.
 */
import type { EffectiveRuleset } from '../plugin.ts';
import { byPrecedence } from '../trace.ts';
import type { Facts, FiredEvent, OperatorFn } from '../types.ts';
import { leafTest, resolveOperator, type Test, type Values } from './operators.ts';

export interface CompiledRuleset {
  /** the facts the conditions read; `fired` takes their values in this order */
  facts: readonly string[];
  /** the rules that fire for these values, in order of precedence */
  fired: (values: Values) => FiredEvent[];
}

export class NotCompilable extends Error {}

/** The values of a compiled ruleset's facts, read from a facts object. */
export function valuesOf(compiled: CompiledRuleset, facts: Facts): unknown[] {
  return compiled.facts.map((name) => facts[name]);
}

/** Hands out one slot per fact name. */
class Slots {
  readonly names: string[] = [];

  of(fact: string): number {
    const i = this.names.indexOf(fact);
    return i >= 0 ? i : this.names.push(fact) - 1;
  }
}

/** The keys of a path as resolvePath (core/engine.ts) walks them, split once here instead of per read. */
function pathKeys(path: string): string[] {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((key) => key !== '');
}

/** A fact's value at its path, as json-rules-engine's almanac gives it: the path only applies to objects. */
function reader(slot: number, path: unknown): Test {
  if (!path) return (values) => values[slot];
  const keys = pathKeys(path as string);
  return (values) => {
    let current = values[slot];
    if (current === null || typeof current !== 'object') return current;
    for (const key of keys) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  };
}

function compileLeaf(node: Record<string, unknown>, operators: Record<string, OperatorFn>, slots: Slots): Test {
  const name = node.operator as string;
  const evaluate = resolveOperator(name, operators);
  if (!evaluate) throw new NotCompilable(`operator "${name}"`);
  const slot = slots.of(node.fact as string);
  const value = node.value as { fact?: unknown; path?: string } | unknown;
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, 'fact')) {
    const ref = value as { fact: string; path?: string };
    const left = reader(slot, node.path);
    const right = reader(slots.of(ref.fact), ref.path);
    return (values) => evaluate(left(values), right(values));
  }
  if (!node.path) {
    // the common case, a fact against a constant with a built-in operator, in one closure
    const direct = leafTest(name, slot, value);
    if (direct) return direct;
  }
  const left = reader(slot, node.path);
  return (values) => evaluate(left(values), value);
}

/** all/any over priority sets, as json-rules-engine's prioritizeAndRun does it. */
function compileGroup(children: Record<string, unknown>[], operator: 'all' | 'any', operators: Record<string, OperatorFn>, slots: Slots): Test {
  if (children.length === 0) return () => true;
  if (children.length === 1) return compileNode(children[0], operators, slots);
  const byPriority = new Map<number, Test[]>();
  for (const child of children) {
    const priority = (child.priority as number | undefined) || 1;
    byPriority.set(priority, [...(byPriority.get(priority) ?? []), compileNode(child, operators, slots)]);
  }
  const sets = [...byPriority].sort(([a], [b]) => b - a).map(([, tests]) => tests);
  if (sets.length === 1) return operator === 'all' ? everyOf(sets[0]) : someOf(sets[0]);
  if (operator === 'all') {
    return (values) => {
      for (const set of sets) {
        let ok = true;
        for (const test of set) if (test(values) !== true) ok = false;
        if (!ok) return false;
      }
      return true;
    };
  }
  return (values) => {
    for (const set of sets) {
      let ok = false;
      for (const test of set) if (test(values) === true) ok = true;
      if (ok) return true;
    }
    return false;
  };
}

/** One priority set: every condition is evaluated (json-rules-engine runs a set with Promise.all), then the set decides. */
function everyOf(tests: Test[]): Test {
  return (values) => {
    let ok = true;
    for (let i = 0; i < tests.length; i++) if (tests[i](values) !== true) ok = false;
    return ok;
  };
}

function someOf(tests: Test[]): Test {
  return (values) => {
    let ok = false;
    for (let i = 0; i < tests.length; i++) if (tests[i](values) === true) ok = true;
    return ok;
  };
}

function compileNode(node: Record<string, unknown>, operators: Record<string, OperatorFn>, slots: Slots): Test {
  if (Array.isArray(node.all)) return boolOf(compileGroup(node.all as Record<string, unknown>[], 'all', operators, slots));
  if (Array.isArray(node.any)) return boolOf(compileGroup(node.any as Record<string, unknown>[], 'any', operators, slots));
  if (node.not && typeof node.not === 'object') {
    const inner = compileNode(node.not as Record<string, unknown>, operators, slots);
    return (values) => !inner(values);
  }
  if (typeof node.condition === 'string') throw new NotCompilable(`shared condition "${node.condition}"`);
  return compileLeaf(node, operators, slots);
}

/** A boolean node's own result is `=== true` of what it combined. */
const boolOf =
  (test: Test): Test =>
  (values) =>
    test(values) === true;

/** Compile every rule; throws NotCompilable naming the construct it cannot handle. */
export function compileRuleset(ruleset: EffectiveRuleset, operators: Record<string, OperatorFn>): CompiledRuleset {
  const slots = new Slots();
  const rules = [...ruleset.rules].sort(byPrecedence).map((rule) => {
    const top = rule.conditions as unknown as Record<string, unknown>;
    // the top condition: json-rules-engine runs all/any/not of it directly
    const test = Array.isArray(top.all)
      ? compileGroup(top.all as Record<string, unknown>[], 'all', operators, slots)
      : Array.isArray(top.any)
        ? compileGroup(top.any as Record<string, unknown>[], 'any', operators, slots)
        : compileNode(top, operators, slots);
    const event: FiredEvent = { rule: rule.name, priority: rule.priority ?? 1, type: rule.event!.type, params: rule.event!.params };
    return { test, event };
  });
  const tests = rules.map((r) => r.test);
  const events = rules.map((r) => r.event);
  return {
    facts: slots.names,
    fired: (values) => {
      const out: FiredEvent[] = [];
      // json-rules-engine fires a rule on a truthy result
      for (let i = 0; i < tests.length; i++) if (tests[i](values)) out.push(events[i]);
      return out;
    },
  };
}
