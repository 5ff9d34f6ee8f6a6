/**
 * Sampling of one employer: its stratum and the draw bounds of that stratum, whether a key industry
 * forces it into the review, and how many of its staff to sample.
 */
import { reasonOf, type Assembler, type Reason } from './context.ts';

export interface Bounds {
  min?: number;
  max?: number;
}

export interface SamplingResult {
  stratum: string | null;
  forced: boolean;
  bounds: Bounds;
  staffSample: number | null;
  reasons: Reason[];
}

export const assembleSampling: Assembler<SamplingResult> = (fired, ctx) => {
  const stratum = fired.find((e) => e.type === 'stratum');
  const forced = fired.filter((e) => e.type === 'forced');
  const staff = fired.find((e) => e.type === 'staffSample');
  const given = ctx.fact('headcount');
  const headcount = typeof given === 'number' ? given : null;
  let staffSample: number | null = null;
  if (staff && headcount !== null) {
    staffSample = staff.params.all === true ? headcount : Math.min(headcount, staff.params.count as number);
  }
  return {
    stratum: (stratum?.params.stratum as string | undefined) ?? null,
    forced: forced.length > 0,
    bounds: (stratum?.params.bounds as Bounds | undefined) ?? {},
    staffSample,
    reasons: [stratum, ...forced, staff].filter((e) => e !== undefined).map(reasonOf),
  };
};
