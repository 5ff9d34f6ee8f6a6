/**
 * The explanation of a decision: every rule considered, whether it fired, the facts and values each
 * condition compared, and the rule's basis. Built from json-rules-engine's rule results.
 */
import type { RuleResult } from 'json-rules-engine';
import type { EffectiveRule, EffectiveRuleset } from './plugin.ts';
import type { EventParams, FiredEvent } from './types.ts';

export interface TraceCondition {
  fact?: string;
  path?: string;
  operator?: string;
  /** the value the rule compares with */
  value?: unknown;
  /** what the fact held */
  factValue?: unknown;
  all?: TraceCondition[];
  any?: TraceCondition[];
  not?: TraceCondition;
  /** true / false, or null where evaluation stopped before reaching it */
  result: boolean | null;
}

export interface TraceRule {
  rule: string;
  from: string;
  priority: number;
  fired: boolean;
  event: string;
  params: EventParams;
  basis: string;
  regionChoice: boolean;
  conditions: TraceCondition;
}

export interface RulesetSource {
  plugin: string;
  file: string;
  version: string;
  validFrom: string;
  validTo: string | null;
  hash: string;
}

export interface Trace {
  rulesets: RulesetSource[];
  /** the facts the rules read, after defaults and derived facts */
  facts: Record<string, unknown>;
  /** facts that took the ruleset's default because the caller did not give them */
  defaulted: string[];
  rules: TraceRule[];
}

export function traceCondition(node: Record<string, unknown>): TraceCondition {
  const result = typeof node.result === 'boolean' ? node.result : null;
  if (Array.isArray(node.all)) return { all: node.all.map(traceCondition), result };
  if (Array.isArray(node.any)) return { any: node.any.map(traceCondition), result };
  if (node.not) return { not: traceCondition(node.not as Record<string, unknown>), result };
  const leaf: TraceCondition = { fact: node.fact as string, operator: node.operator as string, value: node.value, result };
  if (node.path) leaf.path = node.path as string;
  if (result !== null) leaf.factValue = node.factResult;
  return leaf;
}

/** Rules in the order they decide: priority first, then the order they were written in. */
export function byPrecedence<T extends { priority?: number; order: number }>(a: T, b: T): number {
  return (b.priority ?? 1) - (a.priority ?? 1) || a.order - b.order;
}

export function traceRules(ruleset: EffectiveRuleset, results: RuleResult[]): TraceRule[] {
  const byName = new Map(results.map((r) => [r.name as string, r]));
  return [...ruleset.rules].sort(byPrecedence).map((rule: EffectiveRule) => {
    const result = byName.get(rule.name);
    const fired = Boolean(result?.result);
    // json-rules-engine leaves the top condition's own result unset: it is the rule's
    return traceRule(rule, fired, result ? traceCondition(result.conditions as unknown as Record<string, unknown>) : undefined);
  });
}

/** A rule's trace entry: whether it fired, its event and basis, and its conditions' trace (none where it was not run). */
export function traceRule(rule: EffectiveRule, fired: boolean, conditions: TraceCondition | undefined): TraceRule {
  const params = rule.event!.params;
  return {
    rule: rule.name,
    from: rule.from.plugin,
    priority: rule.priority ?? 1,
    fired,
    event: rule.event!.type,
    params,
    basis: params.basis,
    regionChoice: params.regionChoice === true,
    conditions: conditions ? { ...conditions, result: fired } : { result: null },
  };
}

export function firedEvents(rules: TraceRule[]): FiredEvent[] {
  return rules.filter((r) => r.fired).map((r) => ({ rule: r.rule, priority: r.priority, type: r.event, params: r.params }));
}

/** A rule's fixed fields as JSON around `fired` and `conditions`, made once per rule (by its event's params, which the ruleset owns). */
interface RuleJson {
  of: TraceRule;
  /** `{"rule":…,"from":…,"priority":…,"fired":` */
  head: string;
  /** `,"event":…,"params":…,"basis":…,"regionChoice":…,"conditions":` */
  tail: string;
}
const ruleJson = new WeakMap<EventParams, RuleJson>();
const sourcesJson = new WeakMap<RulesetSource[], string>();

function fixedJsonOf(r: TraceRule): RuleJson {
  const known = ruleJson.get(r.params);
  const of = known?.of;
  if (
    of &&
    of.rule === r.rule &&
    of.from === r.from &&
    of.priority === r.priority &&
    of.event === r.event &&
    of.basis === r.basis &&
    of.regionChoice === r.regionChoice
  )
    return known;
  // JSON.stringify's own text for these fields, in the order traceRule writes them
  const { rule, from, priority, event, params, basis, regionChoice } = r;
  const made = {
    of: r,
    head: `${JSON.stringify({ rule, from, priority }).slice(0, -1)},"fired":`,
    tail: `,${JSON.stringify({ event, params, basis, regionChoice }).slice(1, -1)},"conditions":`,
  };
  ruleJson.set(params, made);
  return made;
}

/**
 * JSON.stringify(trace) of a trace decide made, the same text, with each rule's fixed fields (its params and basis, most of a
 * trace's text) and the rulesets written out once rather than for every decision: the API's
 * decision with its trace spent a tenth of its time in JSON.stringify.
 */
export function traceJson(trace: Trace): string {
  let sources = sourcesJson.get(trace.rulesets);
  if (sources === undefined) sourcesJson.set(trace.rulesets, (sources = JSON.stringify(trace.rulesets)));
  let rules = '';
  for (const r of trace.rules) {
    const fixed = fixedJsonOf(r);
    rules += `${rules ? ',' : ''}${fixed.head}${r.fired}${fixed.tail}${JSON.stringify(r.conditions)}}`;
  }
  return `{"rulesets":${sources},"facts":${JSON.stringify(trace.facts)},"defaulted":${JSON.stringify(trace.defaulted)},"rules":[${rules}]}`;
}
