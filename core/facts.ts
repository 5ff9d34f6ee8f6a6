/**
 * Facts before the rules see them: checked against the shared fact schema, completed with the
 * ruleset's defaults, the reviewed year and the plugin's derived facts, and checked for every fact
 * the rules read.
 */
import { JianchaError, type ErrorDetail } from './errors.ts';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { GradeScale } from './gradeScale.ts';
import type { Plugin } from './plugin.ts';
import { cachedValidator, loadSchema, schemaErrors, schemaValidator } from './schema.ts';
import type { DerivedFact, Facts } from './types.ts';

let shared: Record<string, unknown> | undefined;
/** The shared fact schema as written, for its labels: read on the first refusal only. */
const factsSchema = () => (shared ??= loadSchema('facts.schema.json'));

/**
 * Facts checked against the shared schema, the plugin chain's own facts against their schemas, and,
 * where the plugin grades, its grade scale for every grade-valued fact.
 */
export function validateFacts(facts: unknown, plugin?: Plugin): asserts facts is Facts {
  if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) {
    throw new JianchaError('invalid-facts', '事实必须是 JSON 对象', 'facts must be a JSON object', [{ pointer: '', zh: '应为对象', en: 'must be an object' }]);
  }
  const validate = schemaValidator('facts.schema.json');
  if (!validate(facts)) {
    // each fact named by its label too (「查处次数」应当不小于 0), the pointer kept for a developer
    const details = schemaErrors(validate.errors, undefined, '', factsSchema());
    const zh = details.map((d) => `${d.pointer} ${d.zh}`).join('；');
    const en = details.map((d) => `${d.pointer} ${d.en}`).join('; ');
    throw new JianchaError('invalid-facts', `事实不符合规范：${zh}`, `facts break the schema: ${en}`, details);
  }
  const own = plugin ? ownFactsValidator(plugin) : undefined;
  if (own && !own(facts)) {
    const details = schemaErrors(own.errors, undefined, '', { properties: plugin!.vocabulary() });
    throw new JianchaError(
      'invalid-facts',
      `事实不符合插件 ${plugin!.id} 的事实定义：${details.map((d) => `${d.pointer} ${d.zh}`).join('；')}`,
      `facts break plugin ${plugin!.id}'s vocabulary: ${details.map((d) => `${d.pointer} ${d.en}`).join('; ')}`,
      details,
    );
  }
  const scale = plugin?.gradeScaleIfAny();
  const outside = scale ? gradeLevelProblems(facts as Facts, scale) : [];
  if (outside.length) {
    const zh = outside.map((d) => `${d.pointer} ${d.zh}`).join('；');
    throw new JianchaError(
      'invalid-facts',
      `事实不符合规范：${zh}`,
      `facts break the grade scale: ${outside.map((d) => `${d.pointer} ${d.en}`).join('; ')}`,
      outside,
    );
  }
}

/** The value at each place the facts schema marks `x-gradeLevel` must be a level of the scale (or null where allowed). */
function gradeLevelProblems(facts: Facts, scale: GradeScale): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const walk = (schema: Record<string, unknown> | undefined, value: unknown, pointer: string) => {
    if (!schema || value === undefined || value === null) return;
    if (schema['x-gradeLevel']) {
      if (!scale.has(value))
        problems.push({
          pointer,
          zh: `应为等级表中的等级（${scale.codes.join('、')}）`,
          en: `must be a level of the plugin's gradeScale (${scale.codes.join(', ')})`,
        });
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(schema.items as Record<string, unknown> | undefined, v, `${pointer}/${i}`));
    else if (typeof value === 'object' && schema.properties) {
      for (const [key, sub] of Object.entries(schema.properties as Record<string, Record<string, unknown>>))
        walk(sub, (value as Facts)[key], `${pointer}/${key}`);
    }
  };
  walk(GRADE_LEVELS, facts, '');
  return problems;
}

type SchemaNode = Record<string, unknown>;

/** The schema cut to the branches that lead to an `x-gradeLevel`: a check walks those, not every fact. */
function gradeLevelBranches(schema: SchemaNode | undefined): SchemaNode | undefined {
  if (!schema) return undefined;
  if (schema['x-gradeLevel']) return schema;
  const items = gradeLevelBranches(schema.items as SchemaNode | undefined);
  const properties = Object.entries((schema.properties ?? {}) as Record<string, SchemaNode>).flatMap(([key, sub]) => {
    const kept = gradeLevelBranches(sub);
    return kept ? [[key, kept] as const] : [];
  });
  if (!items && !properties.length) return undefined;
  return { ...(items && { items }), ...(properties.length && { properties: Object.fromEntries(properties) }) };
}

const GRADE_LEVELS = gradeLevelBranches(loadSchema('facts.schema.json'));

const ownValidators = new WeakMap<Plugin, ValidateFunction | undefined>();
/** The validator of the facts a plugin's chain adds to the shared vocabulary, compiled once; none where it adds none. */
export function ownFactsValidator(plugin: Plugin): ValidateFunction | undefined {
  if (!ownValidators.has(plugin)) {
    const properties = plugin.vocabulary();
    ownValidators.set(plugin, Object.keys(properties).length ? cachedValidator({ type: 'object', properties }) : undefined);
  }
  return ownValidators.get(plugin);
}

/** Completed facts as one flat object, for code that lists keys (json-rules-engine, JSON). */
export function flatFacts(facts: Facts): Facts {
  const flat: Facts = {};
  for (const key in facts) flat[key] = facts[key];
  return flat;
}

export interface CompletedFacts {
  facts: Facts;
  defaulted: string[];
}

export function completeFacts(given: Facts, opts: { at: string; defaults: Facts; derived: Record<string, DerivedFact>; required: string[] }): CompletedFacts {
  // Object.assign, then fill in: measured faster to make and to read than a spread copy that gains
  // properties afterwards (see bench compile), and batch work completes millions of these
  const facts: Facts = Object.assign({}, given);
  if (facts.year === undefined) facts.year = yearBefore(opts.at);
  const defaulted: string[] = [];
  for (const name in opts.defaults) {
    if (facts[name] === undefined) {
      facts[name] = opts.defaults[name];
      defaulted.push(name);
    }
  }
  // the inputs of derived facts are among the required: a missing one is named before it is computed with
  for (const name of opts.required) {
    if (facts[name] === undefined) throw missingFacts(opts.required.filter((n) => facts[n] === undefined));
  }
  for (const name in opts.derived) facts[name] = opts.derived[name].compute(facts);
  return { facts, defaulted };
}

/**
 * One fact as completeFacts completes it, without copying the others: as given, else the reviewed
 * year or the ruleset's default. Not for derived facts, computed from all the others.
 */
export function givenOrDefault(given: Facts, name: string, at: string, defaults: Facts): unknown {
  const value = given[name];
  if (value !== undefined) return value;
  if (name === 'year') return yearBefore(at);
  return Object.hasOwn(defaults, name) ? defaults[name] : undefined;
}

let lastAt = '';
let lastYear = 0;
/** The year reviewed by a decision on `at`: the year before. Batch work asks for one `at` a million times. */
export function yearBefore(at: string): number {
  if (at !== lastAt) {
    lastYear = Number(at.slice(0, 4)) - 1;
    lastAt = at;
  }
  return lastYear;
}

function missingFacts(missing: string[]): JianchaError {
  return new JianchaError(
    'missing-fact',
    `缺少事实：${missing.join('、')}`,
    `missing fact(s): ${missing.join(', ')}`,
    missing.map((name) => ({ pointer: `/${name}`, zh: `缺少事实 ${name}`, en: `fact ${name} is required by the rules` })),
  );
}

/** An ISO calendar date that exists (2024-02-30 does not); a field's date is refused by the field's name. */
export function checkDate(at: string, field?: { zh: string; en: string }): string {
  if (!isCalendarDate(at)) {
    if (field)
      throw new JianchaError(
        'invalid-date',
        `「${field.zh}」${at} 不是日期，应为 年-月-日（如 2024-05-31）`,
        `${field.en} "${at}" is invalid, expected YYYY-MM-DD`,
      );
    throw new JianchaError('invalid-date', `日期 "${at}" 无效，应为 YYYY-MM-DD`, `date "${at}" is invalid, expected YYYY-MM-DD`);
  }
  return at;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ZERO = 48;

/** digits at `from` for `count` characters as a number, or -1 where one is not a digit */
function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** YYYY-MM-DD naming a day of the Gregorian calendar, by arithmetic: every request checks its date */
function isCalendarDate(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 10 || s[4] !== '-' || s[7] !== '-') return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/**
 * Today's date on the server's clock. JIANCHA_TODAY, set in the environment of a test or a demo
 * that plays a past year, stands in for it; nothing a client sends can.
 */
export function today(): string {
  const fixed = process.env.JIANCHA_TODAY;
  if (fixed) return checkDate(fixed);
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
