/**
 * Event texts that name their own event's parameters: `{industries}` is the list joined with 「、」,
 * `{industries.length}` its count. A list kept once in a rule then words every sentence built on it
 * (the draw's reason, the notice), so removing an industry from the list changes them all.
 * A text may also name a fact its rule's conditions compare with one value: `{consecutiveBestYears}`
 * is that value (连续3年 of `consecutiveBestYears ≥ 3`), and `{headcount@rule}` the value another rule
 * of the same ruleset compares it with, so a threshold kept once in a condition words the sentences
 * that state it. `{year}` and `{previousYear}` are left for the campaign's year (documents' fillYear).
 */
import type { TopLevelCondition } from 'json-rules-engine';
import { walkConditions } from './conditions.ts';

const PLACEHOLDER = /\{([A-Za-z]\w*)(?:@([\w-]+))?(\.length)?\}/g;
const YEAR_WORDS = new Set(['year', 'previousYear']);

/** Facts → the value a rule's conditions compare each with, for facts compared with one number or text. */
export type ConditionValues = Record<string, string | number>;

/** The facts the conditions compare with one number or text, each with that value (a fact compared with two is left out). */
export function conditionValues(conditions: TopLevelCondition | undefined): ConditionValues {
  const seen = new Map<string, unknown>();
  if (conditions) {
    walkConditions(conditions, '', (leaf) => {
      const value = typeof leaf.value === 'number' || typeof leaf.value === 'string' ? leaf.value : undefined;
      seen.set(leaf.fact, seen.has(leaf.fact) && seen.get(leaf.fact) !== value ? undefined : value);
    });
  }
  const out: ConditionValues = {};
  for (const [fact, value] of seen) if (typeof value === 'number' || typeof value === 'string') out[fact] = value;
  return out;
}

/** What a text's placeholders may name: the event's parameters, its rule's compared facts, and by name the other rules'. */
export interface PlaceholderScope {
  own?: ConditionValues;
  rules?: ReadonlyMap<string, ConditionValues>;
}

function namedValue(params: Record<string, unknown>, scope: PlaceholderScope, name: string, rule?: string): unknown {
  if (rule) return scope.rules?.get(rule)?.[name];
  return name in params ? params[name] : scope.own?.[name];
}

function fillText(text: string, params: Record<string, unknown>, scope: PlaceholderScope): string {
  if (!text.includes('{')) return text;
  return text.replace(PLACEHOLDER, (whole, name: string, rule?: string, length?: string) => {
    const value = namedValue(params, scope, name, rule);
    if (Array.isArray(value)) return length ? String(value.length) : value.join('、');
    if (!length && (typeof value === 'string' || typeof value === 'number')) return String(value);
    return whole;
  });
}

/** The event's parameters with every placeholder of their texts (and of lists of texts) filled. */
export function fillParams<P extends Record<string, unknown>>(params: P, scope: PlaceholderScope = {}): P {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string') out[key] = fillText(value, params, scope);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? fillText(v, params, scope) : v));
    else out[key] = value;
  }
  return out as P;
}

/** Placeholders of the event's texts that name none of its parameters or compared facts: a typo would print as is. */
export function unknownPlaceholders(params: Record<string, unknown>, scope: PlaceholderScope = {}): { key: string; placeholder: string }[] {
  const found: { key: string; placeholder: string }[] = [];
  for (const [key, value] of Object.entries(params)) {
    for (const text of (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')) {
      for (const [placeholder, name, rule, length] of text.matchAll(PLACEHOLDER)) {
        const named = namedValue(params, scope, name, rule);
        const fits = length ? Array.isArray(named) : Array.isArray(named) || typeof named === 'string' || typeof named === 'number';
        if (!fits && !(YEAR_WORDS.has(name) && !length && !rule)) found.push({ key, placeholder });
      }
    }
  }
  return found;
}

/** The compared facts of each rule of a ruleset, by rule name, for `{fact@rule}`. */
export function rulesConditionValues(rules: readonly { name: string; conditions?: TopLevelCondition }[]): Map<string, ConditionValues> {
  return new Map(rules.map((r) => [r.name, conditionValues(r.conditions)]));
}
