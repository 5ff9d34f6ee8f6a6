/**
 * Grading: a fired `notGraded` takes the employer out of the grading; otherwise the worst grade any
 * fired rule gives stands (C over B over A), so a rule such as "overdue without reason: not A" is
 * simply a rule giving B. The reasons are the rules that gave that grade.
 */
import { reasonOf, type Assembler, type Reason } from './context.ts';

export type Grade = 'A' | 'B' | 'C';
const WORST_FIRST: Grade[] = ['C', 'B', 'A'];

export interface GradingResult {
  grade: Grade | null;
  graded: boolean;
  label: string | null;
  reasons: Reason[];
}

export const assembleGrading: Assembler<GradingResult> = (fired, { labels }) => {
  const excluded = fired.filter((e) => e.type === 'notGraded');
  if (excluded.length) return { grade: null, graded: false, label: null, reasons: excluded.map(reasonOf) };
  const grades = fired.filter((e) => e.type === 'grade');
  const grade = WORST_FIRST.find((g) => grades.some((e) => e.params.grade === g)) ?? null;
  return {
    grade,
    graded: grade !== null,
    label: grade ? (labels[grade] ?? null) : null,
    reasons: grades.filter((e) => e.params.grade === grade).map(reasonOf),
  };
};
