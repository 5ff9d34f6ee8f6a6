/**
 * The facts a plugin's rules may read, each with its JSON Schema where one is known: the shared
 * vocabulary (core/schemas/facts.schema.json), the plugin chain's own (its vocabulary files) and its
 * derived facts. Every check of a rule's facts (unknown names, "did you mean", types compared) asks
 * here, and only here. A fact whose schema says `x-gradeLevel` takes the levels of the plugin's grade
 * scale; every fact says in `x-source` where a campaign takes it from, a derived fact `derived`.
 */
import type { Plugin } from './plugin.ts';
import { loadSchema } from './schema.ts';

export type FactSchema = Record<string, unknown>;

/** Where a campaign takes a fact from: the step of the year that supplies it. */
export const FACT_SOURCES = ['registry', 'yearRecord', 'declaration', 'review', 'derived', 'campaign'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

/** The source a fact's schema names, if it names one jiancha knows. */
export function sourceOf(schema: FactSchema | undefined): FactSource | undefined {
  const source = schema?.['x-source'];
  return (FACT_SOURCES as readonly unknown[]).includes(source) ? (source as FactSource) : undefined;
}

const SHARED = Object.entries((loadSchema('facts.schema.json').properties ?? {}) as Record<string, FactSchema>);

/** The names of the shared vocabulary. */
export const SHARED_FACTS: ReadonlySet<string> = new Set(SHARED.map(([name]) => name));

/** The shared vocabulary, name → schema. */
export const SHARED_SCHEMAS: Readonly<Record<string, FactSchema>> = Object.fromEntries(SHARED);

/** The plugin's facts, or the shared vocabulary alone where no plugin is at hand. */
export function vocabularyOf(plugin?: Plugin): Map<string, FactSchema> {
  return plugin ? knownFacts(plugin) : new Map(SHARED);
}

/** Name → schema ({} where the type is not known, as for a derived fact). */
export function knownFacts(plugin: Plugin): Map<string, FactSchema> {
  const codes = plugin.gradeScaleIfAny()?.codes;
  const vocabulary = [...SHARED, ...Object.entries(plugin.vocabulary())];
  const facts = new Map<string, FactSchema>(codes ? vocabulary.map(([name, schema]) => [name, withLevels(schema, codes)]) : vocabulary);
  for (const [name, derived] of Object.entries(plugin.derivedFacts()))
    if (!facts.has(name)) facts.set(name, { description: derived.description, 'x-source': 'derived' });
  return facts;
}

/** The schema with the scale's codes as the enum of every grade-valued part. */
function withLevels(schema: FactSchema, codes: string[]): FactSchema {
  if (schema['x-gradeLevel']) {
    const nullable = Array.isArray(schema.type) && schema.type.includes('null');
    return { ...schema, enum: nullable ? [...codes, null] : codes };
  }
  const out: FactSchema = { ...schema };
  if (schema.items) out.items = withLevels(schema.items as FactSchema, codes);
  if (schema.properties)
    out.properties = Object.fromEntries(Object.entries(schema.properties as Record<string, FactSchema>).map(([k, v]) => [k, withLevels(v, codes)]));
  return out;
}

/**
 * The words a registry cell may give for each value of a fact: the vocabulary's (x-words), the ones
 * the plugin chain's vocabulary files add for it, nearer plugins overriding, and each value itself.
 * Worked out once per fact, since an import asks for every cell.
 */
export function wordsFor(plugin: Plugin): (fact: string) => Record<string, string | null> {
  const facts = knownFacts(plugin);
  const chain = plugin.chain().reverse();
  const cache = new Map<string, Record<string, string | null>>();
  return (fact) => {
    let words = cache.get(fact);
    if (!words) {
      const schema = facts.get(fact) ?? {};
      words = { ...(schema['x-words'] as Record<string, string | null> | undefined) };
      for (const p of chain) Object.assign(words, p.ownWords[fact]);
      for (const value of (schema.enum ?? []) as (string | null)[]) words[value ?? ''] = value;
      cache.set(fact, words);
    }
    return words;
  };
}
