/**
 * Jurisdiction: the first `outOfScope` or `assign` by precedence decides; `inform` events add the
 * bureaus that must pass violation information to the one assigned.
 */
import type { Bureau } from '../types.ts';
import { reasonOf, type Assembler, type Reason } from './context.ts';

export interface JurisdictionResult {
  inScope: boolean;
  bureau: string | null;
  bureauName: string | null;
  informBureaus: string[];
  reason: string;
  reasons: Reason[];
}

function outOfScope(reason: string, reasons: Reason[]): JurisdictionResult {
  return { inScope: false, bureau: null, bureauName: null, informBureaus: [], reason, reasons };
}

export const assembleJurisdiction: Assembler<JurisdictionResult> = (fired, ctx) => {
  const bureaus = ctx.plugin.bureaus();
  const decisive = fired.find((e) => e.type === 'assign' || e.type === 'outOfScope');
  if (!decisive) return outOfScope('没有适用的管辖规则', []);
  const reasons = [reasonOf(decisive)];
  if (decisive.type === 'outOfScope') return outOfScope(decisive.params.reason ?? '', reasons);

  let bureau: Bureau | undefined;
  const by = decisive.params.bureauBy as 'divisionCode' | 'park' | undefined;
  if (typeof decisive.params.bureau === 'string') bureau = bureaus.find((b) => b.id === decisive.params.bureau);
  else if (by === 'divisionCode') bureau = bureauOfDivision(bureaus, ctx.fact('divisionCode') as string);
  else if (by === 'park') {
    const park = ctx.fact('park') as string;
    bureau = bureaus.find((b) => b.parks?.includes(park));
  }
  if (!bureau) {
    return outOfScope(`插件名录中没有负责 ${String(by ? ctx.fact(by) : decisive.params.bureau)} 的人社局`, reasons);
  }

  const informBureaus: string[] = [];
  for (const e of fired) {
    if (e.type !== 'inform') continue;
    const codes = (ctx.fact(e.params.bureausBy as string) as string[] | undefined) ?? [];
    for (const code of codes) {
      const other = bureauOfDivision(bureaus, code);
      if (other && other.id !== bureau.id && !informBureaus.includes(other.id)) informBureaus.push(other.id);
    }
    if (informBureaus.length) reasons.push(reasonOf(e));
  }
  return {
    inScope: true,
    bureau: bureau.id,
    bureauName: bureau.name,
    informBureaus,
    reason: decisive.params.reason ?? '',
    reasons,
  };
};

/** The bureau of each division code, the first in the directory that lists it: looked up for every employer. */
const byDivision = new WeakMap<Bureau[], Map<string, Bureau>>();

function bureauOfDivision(bureaus: Bureau[], code: string | undefined): Bureau | undefined {
  if (!code) return undefined;
  let index = byDivision.get(bureaus);
  if (!index) {
    index = new Map();
    for (const b of bureaus) for (const division of b.divisions ?? []) if (!index.has(division)) index.set(division, b);
    byDivision.set(bureaus, index);
  }
  return index.get(code);
}
