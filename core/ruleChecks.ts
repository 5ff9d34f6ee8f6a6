/**
 * What a ruleset's schema cannot see and only the plugin can tell: operators and facts it does not
 * know (with the nearest known name), a fact compared with a value of another type, event
 * parameters the decision does not read, bureaus outside the directory, and a period in which the
 * rules it inherits are not in force, so they would silently drop out. Each error names the
 * ruleset file and the JSON pointer.
 */
import { type Leaf, walkConditions } from './conditions.ts';
import type { ErrorDetail } from './errors.ts';
import { type FactSchema, knownFacts } from './knownFacts.ts';
import { didYouMean } from './nearest.ts';
import { rulesConditionValues, unknownPlaceholders } from './paramText.ts';
import type { Plugin } from './plugin.ts';
import { inForce } from './ruleset.ts';
import { loadSchema } from './schema.ts';
import type { LoadedRuleset } from './types.ts';

const BUILTIN_OPERATORS = [
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
];
const BUILTIN_DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'];
const NUMERIC = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/** The event parameters each decision reads, from ruleset.schema.json: the basis ones and the decision's own. */
const EVENT_PARAMS: Record<string, Set<string>> = (() => {
  const defs = loadSchema('ruleset.schema.json').$defs as Record<string, Record<string, any>>;
  const basis = Object.keys(defs.basisParams.properties);
  const out: Record<string, Set<string>> = {};
  for (const [name, def] of Object.entries(defs)) {
    const own = def.properties?.event?.properties?.params?.properties;
    if (name.endsWith('Rule') && own) out[name.slice(0, -'Rule'.length)] = new Set([...basis, ...Object.keys(own)]);
  }
  return out;
})();

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';

const kindOf = (value: unknown): Kind =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : (typeof value as Kind);

/** The kinds of value a fact's schema admits, or undefined where it does not say. */
function kindsOf(schema: FactSchema | undefined): Set<Kind> | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(kindOf));
  if (schema.type === undefined) return undefined;
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
  return new Set(types.map((t) => (t === 'integer' ? 'number' : t) as Kind));
}

/** The schema of what a condition compares: the fact, or the property its path ($.a.b) names. */
function comparedSchema(facts: Map<string, FactSchema>, fact: string, path?: string): FactSchema | undefined {
  let schema = facts.get(fact);
  for (const key of path ? path.split('.').slice(1) : []) schema = (schema?.properties as Record<string, FactSchema> | undefined)?.[key];
  return schema;
}

const show = (kinds: Set<Kind>) => [...kinds].join('/');

export function checkRules(plugin: Plugin, bureauIds: Set<string>, errors: ErrorDetail[]): void {
  const operators = [...BUILTIN_OPERATORS, ...Object.keys(plugin.operators())];
  const facts = knownFacts(plugin);
  // a name with a dot is a plugin's own namespaced fact (cq.something), which no schema describes
  const known = (fact: string) => facts.has(fact) || fact.includes('.');
  for (const ruleset of plugin.rulesets) {
    const push = (pointer: string, zh: string, en: string) => errors.push({ file: ruleset.file, pointer, zh, en });
    const compared = rulesConditionValues(ruleset.rules);
    ruleset.rules.forEach((rule, i) => {
      if (rule.conditions) {
        walkConditions(rule.conditions, `/rules/${i}/conditions`, (leaf, pointer) => {
          const parts = leaf.operator.split(':');
          const op = parts.pop() as string;
          if (!operators.includes(op)) {
            const hint = didYouMean(op, operators);
            push(
              `${pointer}/operator`,
              `未知运算符 "${op}"（内置或插件代码提供）${hint.zh}`,
              `unknown operator "${op}" (neither built in nor from plugin code)${hint.en}`,
            );
          }
          for (const d of parts) {
            if (!BUILTIN_DECORATORS.includes(d)) {
              const hint = didYouMean(d, BUILTIN_DECORATORS);
              push(`${pointer}/operator`, `未知运算符修饰 "${d}"${hint.zh}`, `unknown operator decorator "${d}"${hint.en}`);
            }
          }
          const ref = referencedFact(leaf);
          for (const [fact, at] of [[leaf.fact, '/fact'], ...(ref ? [[ref, '/value/fact']] : [])]) {
            if (!known(fact)) {
              const hint = didYouMean(fact, facts.keys());
              push(
                `${pointer}${at}`,
                `未知事实 "${fact}"（见 core/schemas/facts.schema.json）${hint.zh}`,
                `unknown fact "${fact}" (see core/schemas/facts.schema.json)${hint.en}`,
              );
            }
          }
          // decorators change what is compared; custom operators say themselves what they take
          if (!parts.length && BUILTIN_OPERATORS.includes(op)) typeProblems(leaf, op, facts, ref).forEach((p) => push(`${pointer}${p.at}`, p.zh, p.en));
        });
      }
      const params: Record<string, unknown> = rule.event?.params ?? {};
      const allowed = EVENT_PARAMS[ruleset.decision];
      for (const key of allowed ? Object.keys(params) : []) {
        if (!allowed.has(key)) {
          const hint = didYouMean(key, allowed);
          push(
            `/rules/${i}/event/params/${key}`,
            `“${ruleset.decision}”决策不读取事件参数 "${key}"${hint.zh}`,
            `the ${ruleset.decision} decision reads no event parameter "${key}"${hint.en}`,
          );
        }
      }
      for (const { key, placeholder } of unknownPlaceholders(params, { own: compared.get(rule.name), rules: compared })) {
        push(
          `/rules/${i}/event/params/${key}`,
          `占位符 ${placeholder} 不是本事件的参数（可用 {参数名}、列表的 {参数名.length}、本规则条件比较的 {事实名}、同规则集另一规则的 {事实名@规则名}、{year}）`,
          `placeholder ${placeholder} names no parameter of this event ({name}, {list.length} of a list, {fact} its conditions compare, {fact@rule} of another rule of the ruleset, {year})`,
        );
      }
      if (ruleset.decision === 'grading') gradeProblems(plugin, rule.event, i).forEach((p) => push(p.at, p.zh, p.en));
      const bureau = params.bureau;
      if (typeof bureau === 'string' && !bureauIds.has(bureau)) {
        push(`/rules/${i}/event/params/bureau`, `人社局 "${bureau}" 不在插件名录中`, `bureau "${bureau}" is not in the plugin's directory`);
      }
    });
    inheritanceGaps(plugin, ruleset).forEach((gap) => push(gap.at, gap.zh, gap.en));
  }
}

/** A grading event names a level of the plugin's scale, and registers only where the scale has that outcome. */
function gradeProblems(plugin: Plugin, event: { type: string; params?: Record<string, unknown> } | undefined, i: number): Problem[] {
  const scale = plugin.gradeScaleIfAny();
  if (!scale) return [];
  const grade = event?.params?.grade;
  if (event?.type === 'grade' && typeof grade === 'string' && !scale.has(grade)) {
    const hint = didYouMean(grade, scale.codes);
    const list = scale.codes.join(', ');
    return [
      {
        at: `/rules/${i}/event/params/grade`,
        zh: `等级 "${grade}" 不在插件的等级表中（${list}）${hint.zh}`,
        en: `grade "${grade}" is not a level of the plugin's gradeScale (${list})${hint.en}`,
      },
    ];
  }
  if (event?.type === 'registeredOnly' && !scale.registeredOnly) {
    return [
      {
        at: `/rules/${i}/event/type`,
        zh: '插件的等级表没有“信用登记”（gradeScale.registeredOnly）',
        en: "the plugin's gradeScale has no registeredOnly outcome",
      },
    ];
  }
  return [];
}

function referencedFact(leaf: Leaf): string | undefined {
  const ref = leaf.value as { fact?: unknown } | null;
  return ref && typeof ref === 'object' && typeof ref.fact === 'string' ? ref.fact : undefined;
}

interface Problem {
  at: string;
  zh: string;
  en: string;
}

/** A value of another type than the fact's: json-rules-engine compares it and is silently false. */
function typeProblems(leaf: Leaf, op: string, facts: Map<string, FactSchema>, ref: string | undefined): Problem[] {
  const schema = comparedSchema(facts, leaf.fact, leaf.path);
  const kinds = kindsOf(schema);
  if (!kinds) return [];
  const name = leaf.path ? `${leaf.fact}${leaf.path.slice(1)}` : leaf.fact;
  if (NUMERIC.has(op) && !kinds.has('number')) {
    return [{ at: '/operator', zh: `事实 "${name}" 是 ${show(kinds)}，${op} 只比较数值`, en: `fact "${name}" is ${show(kinds)}; ${op} compares numbers` }];
  }
  if ((op === 'contains' || op === 'doesNotContain') && !kinds.has('array')) {
    return [{ at: '/operator', zh: `事实 "${name}" 是 ${show(kinds)}，${op} 只用于数组`, en: `fact "${name}" is ${show(kinds)}; ${op} is for arrays` }];
  }
  const values = ref
    ? []
    : op === 'in' || op === 'notIn'
      ? Array.isArray(leaf.value)
        ? leaf.value
        : undefined
      : NUMERIC.has(op) || op === 'equal' || op === 'notEqual'
        ? [leaf.value]
        : [];
  if (values === undefined) return [{ at: '/value', zh: `${op} 的值应为数组`, en: `the value of ${op} must be an array` }];
  const problems: Problem[] = [];
  const enumValues = Array.isArray(schema?.enum) ? (schema.enum as unknown[]) : undefined;
  for (const value of values) {
    const shown = JSON.stringify(value);
    if (!kinds.has(kindOf(value))) {
      problems.push({
        at: '/value',
        zh: `事实 "${name}" 是 ${show(kinds)}，却与 ${kindOf(value)} 值 ${shown} 比较`,
        en: `fact "${name}" is ${show(kinds)} but is compared with the ${kindOf(value)} ${shown}`,
      });
    } else if (enumValues && !enumValues.includes(value)) {
      const hint =
        typeof value === 'string'
          ? didYouMean(
              value,
              enumValues.filter((v): v is string => typeof v === 'string'),
            )
          : { zh: '', en: '' };
      problems.push({
        at: '/value',
        zh: `事实 "${name}" 不会取值 ${shown}（可取：${enumValues.map((v) => JSON.stringify(v)).join('、')}）${hint.zh}`,
        en: `fact "${name}" never has the value ${shown} (it may be ${enumValues.map((v) => JSON.stringify(v)).join(', ')})${hint.en}`,
      });
    }
  }
  return problems;
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Days of a ruleset's period on which what it extends has no ruleset of the decision in force:
 * there it would decide with its own rules alone. Only `"inherit": false` may say so.
 */
function inheritanceGaps(plugin: Plugin, ruleset: LoadedRuleset): Problem[] {
  if (ruleset.inherit === false || !plugin.parent) return [];
  const above = plugin.parent.chain().flatMap((p) => p.rulesets.filter((r) => r.decision === ruleset.decision));
  if (!above.length) return [];
  const covered = (day: string) => above.some((r) => inForce(r, day));
  const inPeriod = (day: string) => inForce(ruleset, day);
  const days = [ruleset.validFrom, ...above.flatMap((r) => (r.validTo ? [dayAfter(r.validTo)] : []))].filter(inPeriod);
  const gap = days.find((day) => !covered(day));
  if (!gap) return [];
  const from = above.map((r) => r.validFrom).sort()[0];
  return [
    {
      at: gap === ruleset.validFrom ? '/validFrom' : '/validTo',
      zh: `自 ${gap} 起 ${plugin.parent.id} 没有施行中的“${ruleset.decision}”规则集（最早自 ${from}），本规则集此时不继承上级规则；若有意如此，请写 "inherit": false`,
      en: `from ${gap} ${plugin.parent.id} has no ${ruleset.decision} ruleset in force (its first from ${from}): this ruleset would drop the inherited rules then; say "inherit": false if that is meant`,
    },
  ];
}
