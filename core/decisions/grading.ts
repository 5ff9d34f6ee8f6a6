/**
 * Grading: a fired `notGraded` takes the employer out of the grading; otherwise the worst grade any
 * fired rule gives stands (C over B over A), so a rule such as "overdue without reason: not A" is
 * simply a rule giving B. The reasons are the rules that gave that grade.
 */
import { reasonOf, type Assembler, type Reason } from './context.ts';

export type Grade = 'A' | 'B' | 'C';

export interface GradingResult {
  grade: Grade | null;
  graded: boolean;
  label: string | null;
  reasons: Reason[];
}

/** C over B over A; anything else gives no grade. */
const severity = (grade: unknown): number => (grade === 'C' ? 3 : grade === 'B' ? 2 : grade === 'A' ? 1 : 0);

// two passes over the fired rules without intermediate arrays: a grading run assembles one per employer
export const assembleGrading: Assembler<GradingResult> = (fired, { labels }) => {
  let excluded = false;
  let grade: Grade | null = null;
  for (const e of fired) {
    if (e.type === 'notGraded') excluded = true;
    else if (e.type === 'grade' && severity(e.params.grade) > severity(grade)) grade = e.params.grade as Grade;
  }
  const reasons: Reason[] = [];
  if (excluded) {
    for (const e of fired) if (e.type === 'notGraded') reasons.push(reasonOf(e));
    return { grade: null, graded: false, label: null, reasons };
  }
  for (const e of fired) if (e.type === 'grade' && e.params.grade === grade) reasons.push(reasonOf(e));
  return { grade, graded: grade !== null, label: grade ? (labels[grade] ?? null) : null, reasons };
};
