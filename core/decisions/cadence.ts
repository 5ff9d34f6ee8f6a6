/**
 * Supervision cadence: the `cadence` event of highest precedence sets patrols and interview; every
 * fired rule's measures are listed, each with its basis.
 */
import type { Assembler } from './context.ts';

export interface Measure {
  text: string;
  basis: string;
  rule: string;
  regionChoice?: boolean;
}

export interface CadenceResult {
  patrolsPerYear: number | null;
  exemptFromPatrol: boolean;
  interview: boolean;
  measures: Measure[];
}

export const assembleCadence: Assembler<CadenceResult> = (fired) => {
  const base = fired.find((e) => e.type === 'cadence');
  const measures: Measure[] = [];
  for (const e of fired) {
    const texts = e === base ? ((e.params.measures as string[]) ?? []) : e.type === 'measure' ? [e.params.measure as string] : [];
    for (const text of texts) {
      const m: Measure = { text, basis: e.params.basis, rule: e.rule };
      if (e.params.regionChoice) m.regionChoice = true;
      measures.push(m);
    }
  }
  return {
    patrolsPerYear: base ? (base.params.patrolsPerYear as number | null) : null,
    exemptFromPatrol: base?.params.exemptFromPatrol === true,
    interview: base?.params.interview === true,
    measures,
  };
};
