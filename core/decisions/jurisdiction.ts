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

export const assembleJurisdiction: Assembler<JurisdictionResult> = (fired, { plugin, facts }) => {
  const bureaus = plugin.bureaus();
  const outOfScope = (reason: string, reasons: Reason[]): JurisdictionResult => ({
    inScope: false, bureau: null, bureauName: null, informBureaus: [], reason, reasons,
  });
  const decisive = fired.find((e) => e.type === 'assign' || e.type === 'outOfScope');
  if (!decisive) return outOfScope('没有适用的管辖规则', []);
  const reasons = [reasonOf(decisive)];
  if (decisive.type === 'outOfScope') return outOfScope(decisive.params.reason ?? '', reasons);

  let bureau: Bureau | undefined;
  const by = decisive.params.bureauBy as 'divisionCode' | 'park' | undefined;
  if (typeof decisive.params.bureau === 'string') bureau = bureaus.find((b) => b.id === decisive.params.bureau);
  else if (by === 'divisionCode') bureau = bureauOfDivision(bureaus, facts.divisionCode as string);
  else if (by === 'park') bureau = bureaus.find((b) => b.parks?.includes(facts.park as string));
  if (!bureau) {
    return outOfScope(`插件名录中没有负责 ${String(by ? facts[by] : decisive.params.bureau)} 的人社局`, reasons);
  }

  const informBureaus: string[] = [];
  for (const e of fired.filter((f) => f.type === 'inform')) {
    const codes = (facts[e.params.bureausBy as string] as string[] | undefined) ?? [];
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

function bureauOfDivision(bureaus: Bureau[], code: string | undefined): Bureau | undefined {
  return code ? bureaus.find((b) => b.divisions?.includes(code)) : undefined;
}
