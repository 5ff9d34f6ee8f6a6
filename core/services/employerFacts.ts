/**
 * An employer's facts for one campaign, the same for every step: the registry row (the region's own
 * facts too), the reviewed year, once it has declared what its declaration says, and once the year's
 * record is read, its facts. The stored checklist and the printed one read these, so they cannot
 * disagree; the grading run and the supervision plan read the same record.
 */
import type { schema } from '../db/index.ts';
import type { RosterEntry } from '../db/schema/review.ts';
import type { Facts } from '../types.ts';

export type EmployerRow = typeof schema.employers.$inferSelect;

/** What a declaration tells of the employer: its roster counts the staff (建立劳动关系的人员) it declared. */
export interface Declared {
  roster: RosterEntry[];
}

/** What a step knows of the employer beyond its registry row. */
export interface Known {
  declared?: Declared;
  /** the year record's facts (yearRecords.ts) */
  record?: Facts;
}

/**
 * For a campaign of `year`, the previous grade is the one published for year − 1 where jiancha
 * published it, else the imported 上年度等级; the headcount is the declared roster's where there is one.
 */
export function employerFacts(e: EmployerRow, year: number, { declared, record }: Known = {}): Facts {
  const facts: Facts = {
    creditCode: e.creditCode,
    name: e.name,
    unitType: e.unitType,
    adminLevel: e.adminLevel,
    divisionCode: e.divisionCode,
    workDivisionCodes: e.workDivisionCodes,
    park: e.park,
    headcount: declared ? declared.roster.length : e.headcount,
    usesDispatch: e.usesDispatch,
    operating: e.operating,
    lastGrade: e.gradeHistory.find((h) => h.year === year - 1)?.grade ?? e.lastGrade,
    gradeHistory: e.gradeHistory,
    year,
  };
  if (e.industryCode) facts.industryCode = e.industryCode;
  // the region's own registry facts, as its plugin's vocabulary names them
  for (const name in e.facts) facts[name] = e.facts[name];
  // assigned, not spread: the grading run builds these for every employer, and a spread costs tens of µs
  if (record) for (const name in record) facts[name] = record[name];
  return facts;
}
