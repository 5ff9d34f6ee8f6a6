/**
 * Grading: a fired `notGraded` takes the employer out of the grading, a fired `registeredOnly` registers
 * it without a grade (信用登记); otherwise the worst grade any fired rule gives stands, by the order of
 * the plugin's grade scale, so a rule such as "overdue without reason: not the best" is simply a rule
 * giving the next level. The reasons are the rules that gave that outcome.
 */
import { reasonOf, type Assembler, type Reason } from './context.ts';

/** a level code of the plugin's grade scale */
export type Grade = string;

export interface GradingResult {
  grade: Grade | null;
  graded: boolean;
  label: string | null;
  reasons: Reason[];
  /** registered without a grade (信用登记); only present when so */
  registeredOnly?: true;
}

// two passes over the fired rules without intermediate arrays: a grading run assembles one per employer
export const assembleGrading: Assembler<GradingResult> = (fired, { labels, plugin }) => {
  const scale = plugin.gradeScale();
  let excluded = false;
  let registered = false;
  let grade: Grade | null = null;
  for (const e of fired) {
    if (e.type === 'notGraded') excluded = true;
    else if (e.type === 'registeredOnly') registered = true;
    else if (e.type === 'grade' && scale.severity(e.params.grade) > scale.severity(grade)) grade = e.params.grade as Grade;
  }
  const reasons: Reason[] = [];
  // not graded outweighs registered: a unit outside the grading is not registered by it either
  if (excluded) {
    for (const e of fired) if (e.type === 'notGraded') reasons.push(reasonOf(e));
    return { grade: null, graded: false, label: null, reasons };
  }
  if (registered) {
    for (const e of fired) if (e.type === 'registeredOnly') reasons.push(reasonOf(e));
    return { grade: null, graded: false, label: scale.registeredOnly?.label ?? null, reasons, registeredOnly: true };
  }
  for (const e of fired) if (e.type === 'grade' && e.params.grade === grade) reasons.push(reasonOf(e));
  return { grade, graded: grade !== null, label: grade ? (labels[grade] ?? scale.level(grade)?.label ?? null) : null, reasons };
};
