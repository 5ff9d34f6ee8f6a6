import type { Plugin } from '../plugin.ts';
import type { FiredEvent } from '../types.ts';

/** What a result assembler may read besides the fired events. */
export interface AssembleContext {
  plugin: Plugin;
  /** a fact as the rules saw it: given, defaulted or derived (a method: call it as ctx.fact) */
  fact(name: string): unknown;
  /** the reviewed year (fact `year`, else the year before `at`) */
  year: number;
  labels: Record<string, string>;
}

export type Assembler<R> = (fired: FiredEvent[], ctx: AssembleContext) => R;

/** A reason as results give it: what the rule says, which rule, and its basis. */
export interface Reason {
  rule: string;
  reason: string;
  basis: string;
  regionChoice?: boolean;
}

export function reasonOf(e: FiredEvent): Reason {
  const r: Reason = { rule: e.rule, reason: e.params.reason ?? '', basis: e.params.basis };
  if (e.params.regionChoice) r.regionChoice = true;
  return r;
}
