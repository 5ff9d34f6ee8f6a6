/**
 * Builds a json-rules-engine Engine for an effective ruleset, once, and keeps it: an Engine is
 * reusable across runs, and building one per employer is what batch work must never do.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import type { EffectiveRuleset } from './plugin.ts';
import type { OperatorFn } from './types.ts';

/**
 * Rulesets may only name plain property paths ($.a.b; the schema forbids anything else), so we
 * resolve them ourselves instead of handing bureau-written strings to jsonpath-plus.
 */
export function resolvePath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.replace(/^\$\.?/, '').split('.')) {
    if (key === '') continue;
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function buildEngine(ruleset: EffectiveRuleset, operators: Record<string, OperatorFn>): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolvePath as never });
  for (const [name, fn] of Object.entries(operators)) engine.addOperator(name, fn);
  for (const rule of ruleset.rules) {
    engine.addRule({
      name: rule.name,
      priority: rule.priority ?? 1,
      conditions: rule.conditions,
      event: rule.event,
    } as RuleProperties);
  }
  return engine;
}
