/** An employer's registry row as the facts the rules read. */
import type { schema } from '../db/index.ts';
import type { Facts } from '../types.ts';

export type EmployerRow = typeof schema.employers.$inferSelect;

/**
 * For a campaign of `year`, the previous grade is the one published for year − 1 where jiancha
 * published it, else the imported 上年度等级.
 */
export function employerFacts(e: EmployerRow, year?: number): Facts {
  const facts: Facts = {
    creditCode: e.creditCode,
    name: e.name,
    unitType: e.unitType,
    adminLevel: e.adminLevel,
    divisionCode: e.divisionCode,
    workDivisionCodes: e.workDivisionCodes,
    park: e.park,
    headcount: e.headcount,
    usesDispatch: e.usesDispatch,
    operating: e.operating,
    lastGrade: (year !== undefined ? e.gradeHistory.find((h) => h.year === year - 1)?.grade : undefined) ?? e.lastGrade,
    gradeHistory: e.gradeHistory,
  };
  if (e.industryCode) facts.industryCode = e.industryCode;
  return facts;
}
