/**
 * The facts a plugin's rules may read, each with its JSON Schema where one is known: the shared
 * vocabulary (core/schemas/facts.schema.json) and the plugin chain's derived facts. Every check
 * of a rule's facts (unknown names, "did you mean", types compared) asks here, and only here.
 */
import type { Plugin } from './plugin.ts';
import { loadSchema } from './schema.ts';

export type FactSchema = Record<string, unknown>;

const SHARED = Object.entries((loadSchema('facts.schema.json').properties ?? {}) as Record<string, FactSchema>);

/** The names of the shared vocabulary. */
export const SHARED_FACTS: ReadonlySet<string> = new Set(SHARED.map(([name]) => name));

/** Name → schema ({} where the type is not known, as for a derived fact). */
export function knownFacts(plugin: Plugin): Map<string, FactSchema> {
  const facts = new Map<string, FactSchema>(SHARED);
  for (const [name, derived] of Object.entries(plugin.derivedFacts())) if (!facts.has(name)) facts.set(name, { description: derived.description });
  return facts;
}
