/**
 * A region's screening of its preliminary grades as data (plugin.json `screening`), compiled the way
 * derived facts are: a check either finds the same entity graded otherwise by another campaign of the
 * same year, or is an expression over a graded employer's facts with the words a finding says, its
 * {fact} placeholders read from the same facts. Nothing a bureau writes runs as code.
 */
import { JianchaError, type ErrorDetail } from './errors.ts';
import { compileExpression } from './expression.ts';
import { knownFacts } from './knownFacts.ts';
import { didYouMean } from './nearest.ts';
import type { Plugin } from './plugin.ts';
import type { Facts } from './types.ts';

export type CompiledCheck = { id: string; label: string } & (
  | { otherGrade: true }
  | { otherGrade?: undefined; finds: (facts: Facts) => boolean; detail: (facts: Facts) => string }
);

export interface Screening {
  basis?: string;
  checks: CompiledCheck[];
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9.]*)\}/g;

/** The plugin of the chain that declares the screening, nearest first; none where no plugin does. */
export const screeningOwner = (plugin: Plugin) => plugin.chain().find((p) => p.manifest.screening);

/** The nearest plugin of the chain's screening, compiled; undefined where none gives one. Every problem is an error with its pointer. */
export function compileScreening(plugin: Plugin, file?: string): Screening | undefined {
  const spec = screeningOwner(plugin)?.manifest.screening;
  if (!spec) return undefined;
  const facts = knownFacts(plugin);
  const names = [...facts.keys()];
  const errors: ErrorDetail[] = [];
  const at = (pointer: string, zh: string, en: string) => errors.push({ ...(file ? { file } : {}), pointer, zh, en });
  const checks = spec.checks.flatMap((check, i): CompiledCheck[] => {
    if ('otherGrade' in check) return [{ id: check.id, label: check.label, otherGrade: true }];
    const pointer = `/screening/checks/${i}`;
    for (const [, name] of check.detail.matchAll(PLACEHOLDER))
      if (!facts.has(name)) {
        const hint = didYouMean(name, names);
        at(`${pointer}/detail`, `未知事实 "${name}"${hint.zh}`, `unknown fact "${name}"${hint.en}`);
      }
    try {
      const { evaluate } = compileExpression(check.when, {
        fact: `screening.${check.id}`,
        file,
        pointer: `${pointer}/when`,
        known: (n) => facts.has(n),
        names,
      });
      const detail = (f: Facts) => check.detail.replace(PLACEHOLDER, (_, name: string) => String(f[name] ?? ''));
      return [{ id: check.id, label: check.label, finds: (f) => evaluate(f) === true, detail }];
    } catch (err) {
      if (!(err instanceof JianchaError)) throw err;
      errors.push(...err.details);
      return [];
    }
  });
  if (errors.length)
    throw new JianchaError(
      'invalid-plugin',
      `插件 ${plugin.id} 的筛查有 ${errors.length} 处错误`,
      `plugin ${plugin.id}'s screening has ${errors.length} error(s)`,
      errors,
    );
  return { basis: spec.basis, checks };
}
