/** Review: the `outcome` event of highest precedence gives the outcome and what follows from it. */
import { reasonOf, type Assembler, type Reason } from './context.ts';

export type Outcome = 'pass' | 'basicPass' | 'fail' | 'onsiteCheck';
export type Disposition = 'none' | 'rectificationAdvice' | 'rectificationOrder' | 'caseFiling';

export interface ReviewResult {
  outcome: Outcome | null;
  disposition: Disposition | null;
  label: string | null;
  reasons: Reason[];
}

export const assembleReview: Assembler<ReviewResult> = (fired, { labels }) => {
  const decisive = fired.find((e) => e.type === 'outcome');
  if (!decisive) return { outcome: null, disposition: null, label: null, reasons: [] };
  const outcome = decisive.params.outcome as Outcome;
  return {
    outcome,
    disposition: decisive.params.disposition as Disposition,
    label: labels[outcome] ?? null,
    reasons: [reasonOf(decisive)],
  };
};
