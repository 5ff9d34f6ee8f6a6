/**
 * The facts a plugin's rules may read, each with its JSON Schema where one is known: the shared
 * vocabulary (core/schemas/facts.schema.json) and the plugin chain's derived facts. Every check
 * of a rule's facts (unknown names, "did you mean", types compared) asks here, and only here.
 * A fact whose schema says `x-gradeLevel` takes the levels of the plugin's grade scale.
 */
import type { Plugin } from './plugin.ts';
import { loadSchema } from './schema.ts';

export type FactSchema = Record<string, unknown>;

const SHARED = Object.entries((loadSchema('facts.schema.json').properties ?? {}) as Record<string, FactSchema>);

/** The names of the shared vocabulary. */
export const SHARED_FACTS: ReadonlySet<string> = new Set(SHARED.map(([name]) => name));

/** Name → schema ({} where the type is not known, as for a derived fact). */
export function knownFacts(plugin: Plugin): Map<string, FactSchema> {
  const codes = plugin.gradeScaleIfAny()?.codes;
  const facts = new Map<string, FactSchema>(codes ? SHARED.map(([name, schema]) => [name, withLevels(schema, codes)]) : SHARED);
  for (const [name, derived] of Object.entries(plugin.derivedFacts())) if (!facts.has(name)) facts.set(name, { description: derived.description });
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
