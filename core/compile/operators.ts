/**
 * json-rules-engine's operators and decorators, mirrored exactly (validators included), so a compiled
 * condition gives the result json-rules-engine would: see its engine-default-operators.js and
 * engine-default-operator-decorators.js.
 */
import type { OperatorFn } from '../types.ts';

type Evaluate = (factValue: any, value: any) => unknown;
type Validator = (factValue: any) => boolean;

/** The values of a compiled ruleset's facts, one slot per fact (see compile.ts). */
export type Values = readonly unknown[];
export type Test = (values: Values) => unknown;

const always: Validator = () => true;
// a number's decimal form parses back to itself, so only NaN fails; strings and the rest go the long way
const isNumberLike: Validator = (v) => (typeof v === 'number' ? !Number.isNaN(v) : Number.parseFloat(v).toString() !== 'NaN');

const BUILTIN: Record<string, { cb: Evaluate; validator: Validator }> = {
  equal: { cb: (a, b) => a === b, validator: always },
  notEqual: { cb: (a, b) => a !== b, validator: always },
  in: { cb: (a, b) => b.indexOf(a) > -1, validator: always },
  notIn: { cb: (a, b) => b.indexOf(a) === -1, validator: always },
  contains: { cb: (a, b) => a.indexOf(b) > -1, validator: Array.isArray },
  doesNotContain: { cb: (a, b) => a.indexOf(b) === -1, validator: Array.isArray },
  lessThan: { cb: (a, b) => a < b, validator: isNumberLike },
  lessThanInclusive: { cb: (a, b) => a <= b, validator: isNumberLike },
  greaterThan: { cb: (a, b) => a > b, validator: isNumberLike },
  greaterThanInclusive: { cb: (a, b) => a >= b, validator: isNumberLike },
};

type Decorator = { cb: (factValue: any, value: any, next: Evaluate) => unknown; validator: Validator };

const DECORATORS: Record<string, Decorator> = {
  someFact: { cb: (fv, jv, next) => fv.some((x: unknown) => next(x, jv)), validator: Array.isArray },
  someValue: { cb: (fv, jv, next) => jv.some((x: unknown) => next(fv, x)), validator: always },
  everyFact: { cb: (fv, jv, next) => fv.every((x: unknown) => next(x, jv)), validator: Array.isArray },
  everyValue: { cb: (fv, jv, next) => jv.every((x: unknown) => next(fv, x)), validator: always },
  swap: { cb: (fv, jv, next) => next(jv, fv), validator: always },
  not: { cb: (fv, jv, next) => !next(fv, jv), validator: always },
};

/**
 * A built-in operator without decorators comparing a slot with a constant, as one closure per
 * operator (the same callbacks and validators as BUILTIN, written out so that V8 need not call
 * through two more closures at every condition); undefined for anything else.
 */
export function leafTest(name: string, slot: number, b: any): Test | undefined {
  switch (name) {
    case 'equal':
      return (values) => values[slot] === b;
    case 'notEqual':
      return (values) => values[slot] !== b;
    case 'in':
      return (values) => b.indexOf(values[slot]) > -1;
    case 'notIn':
      return (values) => b.indexOf(values[slot]) === -1;
    case 'lessThan':
      return (values) => {
        const a = values[slot] as any;
        return isNumberLike(a) && a < b;
      };
    case 'lessThanInclusive':
      return (values) => {
        const a = values[slot] as any;
        return isNumberLike(a) && a <= b;
      };
    case 'greaterThan':
      return (values) => {
        const a = values[slot] as any;
        return isNumberLike(a) && a > b;
      };
    case 'greaterThanInclusive':
      return (values) => {
        const a = values[slot] as any;
        return isNumberLike(a) && a >= b;
      };
  }
  return undefined;
}

/** The evaluator of an operator name such as "not:someFact:equal", or undefined when unknown. */
export function resolveOperator(name: string, custom: Record<string, OperatorFn>): Evaluate | undefined {
  const parts = name.split(':');
  const baseName = parts.pop() as string;
  const base = BUILTIN[baseName] ?? (baseName in custom ? { cb: custom[baseName] as Evaluate, validator: always } : undefined);
  if (!base) return undefined;
  let evaluate: Evaluate = (fv, jv) => base.validator(fv) && base.cb(fv, jv);
  for (const decoratorName of parts.reverse()) {
    const decorator = DECORATORS[decoratorName];
    if (!decorator) return undefined;
    const next = evaluate;
    evaluate = (fv, jv) => decorator.validator(fv) && decorator.cb(fv, jv, next);
  }
  return evaluate;
}
