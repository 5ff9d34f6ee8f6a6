/**
 * Review: the `outcome` event of highest precedence gives the outcome and what follows from it; the
 * violations become findings (问题清单) named in the words of the plugin's review items.
 */
import { reasonOf, type Assembler, type Reason } from './context.ts';

export type Outcome = 'pass' | 'basicPass' | 'fail' | 'onsiteCheck';
export type Disposition = 'none' | 'rectificationAdvice' | 'rectificationOrder' | 'caseFiling';

export interface Finding {
  item: string;
  /** the review item in the notice's words; null where the plugin does not list the item */
  itemText: string | null;
  severity: 'minor' | 'penalty';
  note?: string;
}

export interface ReviewResult {
  outcome: Outcome | null;
  disposition: Disposition | null;
  label: string | null;
  findings: Finding[];
  reasons: Reason[];
}

export const assembleReview: Assembler<ReviewResult> = (fired, ctx) => {
  const { labels, plugin } = ctx;
  const items = new Map(plugin.reviewItems().map((i) => [i.item, i.text]));
  const violations = (ctx.fact('violations') as { item: string; severity: 'minor' | 'penalty'; note?: string }[] | undefined) ?? [];
  const findings = violations.map((v) => ({ ...v, itemText: items.get(v.item) ?? null }));
  const decisive = fired.find((e) => e.type === 'outcome');
  if (!decisive) return { outcome: null, disposition: null, label: null, findings, reasons: [] };
  const outcome = decisive.params.outcome as Outcome;
  return {
    outcome,
    disposition: decisive.params.disposition as Disposition,
    label: labels[outcome] ?? null,
    findings,
    reasons: [reasonOf(decisive)],
  };
};
