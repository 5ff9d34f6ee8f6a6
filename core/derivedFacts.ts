/**
 * A plugin's derived facts: those its plugin.json gives as expressions, compiled once when the plugin
 * loads, and those its code computes. Before the rules run, the ones they read are computed, each
 * after the derived facts it reads.
 */
import { JianchaError, type ErrorDetail } from './errors.ts';
import { compileExpression } from './expression.ts';
import type { DerivedFact, PluginManifest } from './types.ts';

/**
 * The manifest's `derivedFacts`, compiled. `known` tells a fact that exists besides these; every
 * problem (a bad expression, an unknown fact with the nearest known name) is added to `errors`.
 */
export function compileDerivedFacts(
  manifest: PluginManifest,
  file: string,
  known: (name: string) => boolean,
  names: readonly string[],
  errors: ErrorDetail[],
): Record<string, DerivedFact> {
  const declared = manifest.derivedFacts ?? {};
  const own = new Set(Object.keys(declared));
  const all = [...names, ...own];
  const facts: Record<string, DerivedFact> = {};
  for (const [name, spec] of Object.entries(declared)) {
    try {
      const { reads, evaluate } = compileExpression(spec.expression, {
        fact: name,
        file,
        pointer: `/derivedFacts/${name}/expression`,
        known: (n) => own.has(n) || known(n),
        names: all,
      });
      facts[name] = { description: spec.description ?? spec.label ?? spec.expression, compute: evaluate, reads };
    } catch (err) {
      if (!(err instanceof JianchaError)) throw err;
      errors.push(...err.details);
    }
  }
  return facts;
}

/**
 * The derived facts `wanted` needs, each after the derived facts it reads: what completeFacts
 * computes, in this order. A derived fact that reads itself through others is an error.
 */
export function derivedInOrder(all: Record<string, DerivedFact>, wanted: Iterable<string>): Record<string, DerivedFact> {
  const ordered: Record<string, DerivedFact> = {};
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (!Object.hasOwn(all, name) || Object.hasOwn(ordered, name)) return;
    if (visiting.has(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' → ');
      throw new JianchaError('invalid-plugin', `派生事实循环引用：${cycle}`, `derived facts read each other in a cycle: ${cycle}`);
    }
    visiting.add(name);
    for (const read of all[name].reads ?? []) visit(read, [...path, name]);
    visiting.delete(name);
    ordered[name] = all[name];
  };
  for (const name of wanted) visit(name, []);
  return ordered;
}

/** The facts these derived facts read that are not derived themselves: they must be given. */
export function inputsOf(derived: Record<string, DerivedFact>): string[] {
  return Object.values(derived).flatMap((d) => (d.reads ?? []).filter((name) => !Object.hasOwn(derived, name)));
}
