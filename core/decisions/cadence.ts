/**
 * Supervision cadence: the `cadence` event of highest precedence sets patrols and interview; its
 * measures come first, then those of every fired `measure` rule, each with its basis; a measure whose
 * event says `plaque: true` is the one that makes the employer eligible for the region's plaque.
 */
import type { FiredEvent } from '../types.ts';
import type { Assembler } from './context.ts';

export interface Measure {
  text: string;
  basis: string;
  rule: string;
  regionChoice?: boolean;
  plaque?: true;
}

export interface CadenceResult {
  patrolsPerYear: number | null;
  exemptFromPatrol: boolean;
  interview: boolean;
  measures: Measure[];
}

function measureOf(e: FiredEvent, text: string): Measure {
  const m: Measure = { text, basis: e.params.basis, rule: e.rule };
  if (e.params.regionChoice) m.regionChoice = true;
  if (e.params.plaque === true) m.plaque = true;
  return m;
}

export const assembleCadence: Assembler<CadenceResult> = (fired) => {
  const base = fired.find((e) => e.type === 'cadence');
  return {
    patrolsPerYear: base ? (base.params.patrolsPerYear as number | null) : null,
    exemptFromPatrol: base?.params.exemptFromPatrol === true,
    interview: base?.params.interview === true,
    measures: [
      ...(base ? (base.params.measures as string[]).map((text) => measureOf(base, text)) : []),
      ...fired.filter((e) => e.type === 'measure').map((e) => measureOf(e, e.params.measure as string)),
    ],
  };
};
