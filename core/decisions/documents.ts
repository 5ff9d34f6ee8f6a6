/**
 * Documents: every fired `document` event is one document; where two share an id the one of higher
 * precedence stands (so a rule can give a variant, e.g. contracts "all" below 20 staff).
 */
import type { Assembler } from './context.ts';

export type Phase = 'upload' | 'bringToReview' | 'mailIn';

export interface DocumentItem {
  id: string;
  name: string;
  phase: Phase;
  periods: string[];
  copies: number;
  sealed: boolean;
  original?: boolean;
  quantity?: string;
  group?: string;
  order?: number;
  basis: string;
  rule: string;
  regionChoice?: boolean;
}

export interface DocumentsResult {
  documents: DocumentItem[];
}

export const assembleDocuments: Assembler<DocumentsResult> = (fired, { year }) => {
  const documents: DocumentItem[] = [];
  for (const e of fired) {
    if (e.type !== 'document') continue;
    const p = e.params;
    if (documents.some((d) => d.id === p.id)) continue;
    const item: DocumentItem = {
      id: p.id as string,
      name: fillYear(p.name as string, year),
      phase: p.phase as Phase,
      periods: ((p.months as number[] | undefined) ?? []).map((m) => `${year}-${String(m).padStart(2, '0')}`),
      copies: (p.copies as number | undefined) ?? 1,
      sealed: p.sealed === true,
      basis: p.basis,
      rule: e.rule,
    };
    if (typeof p.original === 'boolean') item.original = p.original;
    if (typeof p.quantity === 'string') item.quantity = fillYear(p.quantity, year);
    if (typeof p.group === 'string') item.group = p.group;
    if (typeof p.order === 'number') item.order = p.order;
    if (p.regionChoice) item.regionChoice = true;
    documents.push(item);
  }
  return { documents };
};

/** Documents name their year relative to the reviewed one, so a ruleset serves every campaign. */
export function fillYear(text: string, year: number): string {
  return text.replaceAll('{year}', String(year)).replaceAll('{previousYear}', String(year - 1));
}
