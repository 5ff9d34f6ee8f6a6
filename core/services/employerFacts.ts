/** An employer's registry row as the facts the rules read. */
import type { schema } from '../db/index.ts';
import type { Facts } from '../types.ts';

export type EmployerRow = typeof schema.employers.$inferSelect;

export function employerFacts(e: EmployerRow): Facts {
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
    lastGrade: e.lastGrade,
    gradeHistory: e.gradeHistory,
  };
  if (e.industryCode) facts.industryCode = e.industryCode;
  return facts;
}
