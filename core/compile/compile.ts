/**
 * Compiles a ruleset's json-rules-engine conditions into closures: facts in, the fired rules out,
 * synchronously and without copying the condition tree per call. Values stay data captured by the
 * closures; nothing is turned into source code. The evaluation order and the odd corners of
 * json-rules-engine are kept (an empty all/any is true; conditions of equal priority are all
 * evaluated before the set decides; only `=== true` passes), so both engines give the same result.
 */
import { resolvePath } from '../engine.ts';
import type { EffectiveRuleset } from '../plugin.ts';
import { byPrecedence } from '../trace.ts';
import type { Facts, FiredEvent, OperatorFn } from '../types.ts';
import { resolveOperator } from './operators.ts';

type Test = (facts: Facts) => unknown;

export interface CompiledRuleset {
  /** the rules that fire for these facts, in order of precedence */
  fired: (facts: Facts) => FiredEvent[];
}

export class NotCompilable extends Error {}

function factValue(facts: Facts, fact: string, path: string | undefined): unknown {
  const value = facts[fact];
  return path && value !== null && typeof value === 'object' ? resolvePath(value, path) : value;
}

function compileLeaf(node: Record<string, unknown>, operators: Record<string, OperatorFn>): Test {
  const evaluate = resolveOperator(node.operator as string, operators);
  if (!evaluate) throw new NotCompilable(`operator "${node.operator}"`);
  const fact = node.fact as string;
  const path = node.path as string | undefined;
  const value = node.value as { fact?: unknown; path?: string } | unknown;
  if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact')) {
    const ref = value as { fact: string; path?: string };
    return (facts) => evaluate(factValue(facts, fact, path), factValue(facts, ref.fact, ref.path));
  }
  return (facts) => evaluate(factValue(facts, fact, path), value);
}

/** all/any over priority sets, as json-rules-engine's prioritizeAndRun does it. */
function compileGroup(children: Record<string, unknown>[], operator: 'all' | 'any', operators: Record<string, OperatorFn>): Test {
  if (children.length === 0) return () => true;
  if (children.length === 1) return compileNode(children[0], operators);
  const byPriority = new Map<number, Test[]>();
  for (const child of children) {
    const priority = (child.priority as number | undefined) || 1;
    byPriority.set(priority, [...(byPriority.get(priority) ?? []), compileNode(child, operators)]);
  }
  const sets = [...byPriority].sort(([a], [b]) => b - a).map(([, tests]) => tests);
  if (operator === 'all') {
    return (facts) => {
      for (const set of sets) {
        let ok = true;
        for (const test of set) if (test(facts) !== true) ok = false;
        if (!ok) return false;
      }
      return true;
    };
  }
  return (facts) => {
    for (const set of sets) {
      let ok = false;
      for (const test of set) if (test(facts) === true) ok = true;
      if (ok) return true;
    }
    return false;
  };
}

function compileNode(node: Record<string, unknown>, operators: Record<string, OperatorFn>): Test {
  if (Array.isArray(node.all)) return boolOf(compileGroup(node.all as Record<string, unknown>[], 'all', operators));
  if (Array.isArray(node.any)) return boolOf(compileGroup(node.any as Record<string, unknown>[], 'any', operators));
  if (node.not && typeof node.not === 'object') {
    const inner = compileNode(node.not as Record<string, unknown>, operators);
    return (facts) => !inner(facts);
  }
  if (typeof node.condition === 'string') throw new NotCompilable(`shared condition "${node.condition}"`);
  return compileLeaf(node, operators);
}

/** A boolean node's own result is `=== true` of what it combined. */
const boolOf = (test: Test): Test => (facts) => test(facts) === true;

/** Compile every rule; throws NotCompilable naming the construct it cannot handle. */
export function compileRuleset(ruleset: EffectiveRuleset, operators: Record<string, OperatorFn>): CompiledRuleset {
  const rules = [...ruleset.rules].sort(byPrecedence).map((rule) => {
    const top = rule.conditions as unknown as Record<string, unknown>;
    // the top condition: json-rules-engine runs all/any/not of it directly
    const test = Array.isArray(top.all)
      ? compileGroup(top.all as Record<string, unknown>[], 'all', operators)
      : Array.isArray(top.any)
        ? compileGroup(top.any as Record<string, unknown>[], 'any', operators)
        : compileNode(top, operators);
    const event = { rule: rule.name, priority: rule.priority ?? 1, type: rule.event!.type, params: rule.event!.params };
    return { test, event };
  });
  return {
    fired: (facts) => {
      const out: FiredEvent[] = [];
      // json-rules-engine fires a rule on a truthy result
      for (const r of rules) if (r.test(facts)) out.push(r.event);
      return out;
    },
  };
}
