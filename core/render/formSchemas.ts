/**
 * The JSON Schemas of the forms' data (formData.ts), in a module of their own: jiancha validate checks
 * a plugin's form samples against them without loading the renderer (Handlebars, the services).
 */
import type { Plugin } from '../plugin.ts';
import type { FormData } from './formData.ts';

type FormName = keyof FormData;

// JSON Schemas of formData.ts: strict templates catch a missing field they print, not a list they
// walk or a date they hand to a helper, and the CLI's --data is whatever a user wrote
const str = { type: 'string' };
const bool = { type: 'boolean' };
const date = { type: 'string', format: 'date' };
const year = { type: 'integer', minimum: 2000, maximum: 2999 };
// a level of the plugin's scale: checked after the schema, by gradeProblems
const grade = { type: 'string', minLength: 1 };
const list = (items: object) => ({ type: 'array', items });
const object = (required: Record<string, object>, optional: Record<string, object> = {}) => ({
  type: 'object',
  required: Object.keys(required),
  properties: { ...required, ...optional },
});
const employer = object({ name: str, creditCode: str });
/** Once a head approved the review: the date and 审批意见, printed in the form's approval block. */
const approval = object({ approvedOn: date }, { comment: str });
const FORM_SCHEMAS: Record<FormName, object> = {
  // the plugin's declaration fields: formSchemas
  reviewForm: object({ employer, basics: { type: 'object' } }, { approval }),
  rectificationAdvice: object({
    employer,
    findings: list(object({ item: str, text: str, severity: { enum: ['minor', 'penalty'] }, basis: str }, { note: str })),
    outcome: str,
    outcomeLabel: str,
    disposition: str,
    dispositionLabel: str,
    reason: str,
    basis: str,
    reviewedAt: date,
    dueDate: date,
  }),
  lowGradeNotice: object({
    employer,
    year,
    grade,
    reasons: list(object({ rule: str, reason: str, basis: str }, { facts: list(object({ text: str }, { record: str })) })),
    number: { type: 'string', minLength: 1 },
    issuedOn: date,
    objectionFrom: date,
    objectionTo: date,
  }),
  gradeList: {
    ...object(
      { kind: { enum: ['publicity', 'publication'] }, year, rows: list(object({ creditCode: str, name: str, grade, label: str })) },
      { from: date, to: date, publishedOn: date },
    ),
    if: { required: ['kind'], properties: { kind: { const: 'publicity' } } },
    then: { required: ['from', 'to'] },
    else: { required: ['publishedOn'] },
  },
  patrolPlan: object({
    year,
    gradedYear: year,
    publishedOn: date,
    rows: list(
      object({
        creditCode: str,
        name: str,
        grade,
        patrolsPerYear: { type: ['integer', 'null'], minimum: 0 },
        exemptFromPatrol: bool,
        dates: list(date),
        interview: bool,
        measures: list(str),
      }),
    ),
  }),
};

/** The JSON Schemas of the forms' data for a plugin: the reviewForm's basics are its declaration fields. */
export function formSchemas(plugin: Plugin): Record<FormName, object> {
  return { ...FORM_SCHEMAS, reviewForm: object({ employer, basics: object({}, plugin.declarationFields() as Record<string, object>) }, { approval }) };
}
