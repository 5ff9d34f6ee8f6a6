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
import { byPrecedence, traceCondition, traceRule, type TraceCondition, type TraceRule } from '../trace.ts';
import type { Facts, FiredEvent, OperatorFn } from '../types.ts';
import { leafTest, resolveOperator, type Test, type Values } from './operators.ts';

export interface CompiledRuleset {
  /** the facts the conditions read; `fired` takes their values in this order */
  facts: readonly string[];
  /** the rules that fire for these values, in order of precedence */
  fired: (values: Values) => FiredEvent[];
  /** every rule's trace for these values, as json-rules-engine's results give it (trace.ts) */
  explain: (values: Values) => TraceRule[];
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

/** A leaf's test, and the reader of the fact's value it compares (for the trace). */
function compileLeaf(node: Record<string, unknown>, operators: Record<string, OperatorFn>, slots: Slots): { test: Test; left: Test } {
  const name = node.operator as string;
  const evaluate = resolveOperator(name, operators);
  if (!evaluate) throw new NotCompilable(`operator "${name}"`);
  const slot = slots.of(node.fact as string);
  const left = reader(slot, node.path);
  const value = node.value as { fact?: unknown; path?: string } | unknown;
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, 'fact')) {
    const ref = value as { fact: string; path?: string };
    const right = reader(slots.of(ref.fact), ref.path);
    return { test: (values) => evaluate(left(values), right(values)), left };
  }
  // the common case, a fact against a constant with a built-in operator, in one closure
  const direct = node.path ? undefined : leafTest(name, slot, value);
  return { test: direct ?? ((values) => evaluate(left(values), value)), left };
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
  return compileLeaf(node, operators, slots).test;
}

/** A boolean node's own result is `=== true` of what it combined. */
const boolOf =
  (test: Test): Test =>
  (values) =>
    test(values) === true;

/**
 * The trace of a node for the values given, as json-rules-engine's rule results make it (see
 * trace.ts): the same walk as the tests above, recording each node's result and each leaf's fact
 * value; a node the walk does not reach keeps no result. `value` is what the node gives its parent.
 */
type Explain = (values: Values) => { trace: TraceCondition; value: unknown };

function explainNode(node: Record<string, unknown>, operators: Record<string, OperatorFn>, slots: Slots): Explain {
  for (const op of ['all', 'any'] as const) {
    if (Array.isArray(node[op])) {
      const group = explainGroup(node[op] as Record<string, unknown>[], op, operators, slots);
      return (values) => {
        const { children, value } = group(values);
        const passes = value === true;
        return { trace: { [op]: children, result: passes }, value: passes };
      };
    }
  }
  if (node.not && typeof node.not === 'object') {
    const inner = explainNode(node.not as Record<string, unknown>, operators, slots);
    return (values) => {
      const { trace, value } = inner(values);
      return { trace: { not: trace, result: !value }, value: !value };
    };
  }
  if (typeof node.condition === 'string') throw new NotCompilable(`shared condition "${node.condition}"`);
  const { test, left } = compileLeaf(node, operators, slots);
  const unreached = traceCondition(node);
  return (values) => {
    const value = test(values);
    if (typeof value !== 'boolean') return { trace: unreached, value };
    return { trace: { ...unreached, result: value, factValue: left(values) }, value };
  };
}

/** all/any over priority sets as compileGroup walks them, with each child's trace, unreached ones as written. */
function explainGroup(
  nodes: Record<string, unknown>[],
  operator: 'all' | 'any',
  operators: Record<string, OperatorFn>,
  slots: Slots,
): (values: Values) => { children: TraceCondition[]; value: unknown } {
  const unreached = nodes.map((n) => traceCondition(n));
  if (nodes.length === 0) return () => ({ children: [], value: true });
  const explains = nodes.map((n) => explainNode(n, operators, slots));
  if (nodes.length === 1)
    return (values) => {
      const { trace, value } = explains[0](values);
      return { children: [trace], value };
    };
  const priorities = [...new Set(nodes.map((n) => (n.priority as number | undefined) || 1))].sort((a, b) => b - a);
  const sets = priorities.map((p) => nodes.flatMap((n, i) => (((n.priority as number | undefined) || 1) === p ? [i] : [])));
  return (values) => {
    const children = unreached.slice();
    let value = operator === 'all';
    for (const set of sets) {
      // all: the next set only after one that passed; any: only after one that failed
      if (value !== (operator === 'all')) break;
      let ok = operator === 'all';
      for (const i of set) {
        const child = explains[i](values);
        children[i] = child.trace;
        if (operator === 'all' ? child.value !== true : child.value === true) ok = operator === 'any';
      }
      value = ok;
    }
    return { children, value };
  };
}

/** Compile every rule; throws NotCompilable naming the construct it cannot handle. */
export function compileRuleset(ruleset: EffectiveRuleset, operators: Record<string, OperatorFn>): CompiledRuleset {
  const slots = new Slots();
  const sorted = [...ruleset.rules].sort(byPrecedence);
  const rules = sorted.map((rule) => {
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
  const explains = sorted.map((rule) => explainTop(rule.conditions as unknown as Record<string, unknown>, operators, slots));
  return {
    facts: slots.names,
    fired: (values) => {
      const out: FiredEvent[] = [];
      // json-rules-engine fires a rule on a truthy result
      for (let i = 0; i < tests.length; i++) if (tests[i](values)) out.push(events[i]);
      return out;
    },
    explain: (values) =>
      sorted.map((rule, i) => {
        const { trace, value } = explains[i](values);
        return traceRule(rule, Boolean(value), trace);
      }),
  };
}

/** A rule's top condition, explained: all/any run directly (their own result is the rule's), not as a node. */
function explainTop(top: Record<string, unknown>, operators: Record<string, OperatorFn>, slots: Slots): Explain {
  for (const op of ['all', 'any'] as const) {
    if (Array.isArray(top[op])) {
      const group = explainGroup(top[op] as Record<string, unknown>[], op, operators, slots);
      return (values) => {
        const { children, value } = group(values);
        return { trace: { [op]: children, result: null }, value };
      };
    }
  }
  return explainNode(top, operators, slots);
}
