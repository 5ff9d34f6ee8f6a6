/**
 * The documents jiancha generates, each from plain data: the campaign notice from the settings and
 * the plugin's rules, an employer's document checklist from the documents decision, and the forms of
 * the review and the grading from the data in formData.ts.
 */
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { Decider } from '../decide.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import type { GradeScale } from '../gradeScale.ts';
import { today } from '../facts.ts';
import type { Plugin } from '../plugin.ts';
import { createAjv, schemaErrors } from '../schema.ts';
import type { Bureau, Facts } from '../types.ts';
import type { FormData, PatrolPlanRow } from './formData.ts';
import { noticeContext } from './noticeContext.ts';
import { createRenderer, type Renderer } from './render.ts';

export type FormName = keyof FormData;

/** The bureau a plugin's notice is issued by when no campaign says: the one of its own division, else its root. */
export function defaultIssuer(plugin: Plugin): Bureau {
  const bureaus = plugin.bureaus();
  const own = bureaus.find((b) => b.divisions?.includes(plugin.manifest.divisionCodes?.[0] ?? ''));
  const issuer = own ?? bureaus.find((b) => !b.parent);
  if (!issuer) throw new JianchaError('not-found', `插件 ${plugin.id} 没有人社局名录，无法出具文书`, `plugin ${plugin.id} has no bureau to issue documents`);
  return issuer;
}

export interface DocumentInput {
  plugin: Plugin;
  settings: Record<string, unknown>;
  issuer?: Bureau;
  overrides?: Record<string, string>;
  /** for per-employer documents */
  employer?: Facts;
  /**
   * the checklist's staff drawn from the declared roster (系统抽中人员), whose contracts, payroll and
   * attendance it asks for; null: drawn once the roster is declared; absent: not from a campaign
   */
  staff?: { id: string; name: string }[] | null;
  /** for the forms: the data of the one named (FormData) */
  data?: FormData[FormName];
  /** 成文日期 of a form, YYYY-MM-DD; without it the form's own date (see FORMS), else today */
  date?: string;
}

/** How many rows each level has, best level first as lists print them. */
function gradeCounts(rows: { grade: string }[], scale: GradeScale) {
  return { total: rows.length, levels: [...scale.levels].reverse().map((l) => ({ ...l, n: rows.filter((r) => r.grade === l.code).length })) };
}

/**
 * 巡查次数 as the plan prints it: a number when the rules set one; else the words of the measures,
 * which for B and C grades say 增加频次 or 重点监管 without a number.
 */
function patrolFrequency(row: PatrolPlanRow): string {
  if (row.exemptFromPatrol) return '除有举报投诉外不主动巡查';
  if (row.patrolsPerYear !== null) return `${row.patrolsPerYear}次`;
  if (row.measures.some((m) => m.includes('重点'))) return '重点监管';
  if (row.measures.some((m) => /增加.*频次/.test(m))) return '增加频次';
  return '按监管措施';
}

// JSON Schemas of formData.ts: strict templates catch a missing field they print, not a list they
// walk or a date they hand to a helper, and the CLI's --data is whatever a user wrote
const str = { type: 'string' };
const bool = { type: 'boolean' };
const date = { type: 'string', format: 'date' };
const people = { type: 'integer', minimum: 0 };
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
export const FORM_SCHEMAS: Record<FormName, object> = {
  reviewForm: object({
    employer,
    basics: object(
      {},
      {
        insuredPension: people,
        insuredMedical: people,
        insuredInjury: people,
        insuredUnemployment: people,
        monthlyWageTotal: { type: 'number', minimum: 0 },
        wagePayDay: { type: 'integer', minimum: 1, maximum: 31 },
        workingHoursSystem: { enum: ['standard', 'comprehensive', 'flexible'] },
        underreportedWages: bool,
        wagePaymentViolation: bool,
        workingHoursViolation: bool,
        penalized: bool,
        contact: str,
        phone: str,
      },
    ),
  }),
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
  lowGradeNotice: object({ employer, year, grade, reasons: list(object({ rule: str, reason: str, basis: str })), objectionFrom: date, objectionTo: date }),
  gradeList: {
    ...object(
      { kind: { enum: ['publicity', 'publication'] }, year, rows: list(object({ creditCode: str, name: str, grade, label: str })) },
      { from: date, to: date },
    ),
    if: { required: ['kind'], properties: { kind: { const: 'publicity' } } },
    then: { required: ['from', 'to'] },
  },
  patrolPlan: object({
    year,
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

let ajv: Ajv2020 | undefined;
const validators = new Map<FormName, ValidateFunction>();

/** Compiled on first use: the CLI renders one document and most never a form. */
function validator(name: FormName): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    ajv ??= createAjv();
    validators.set(name, (v = ajv.compile(FORM_SCHEMAS[name])));
  }
  return v;
}

interface FormSpec<N extends FormName> {
  /** what bureau staff call it, for messages */
  zh: string;
  title: (data: FormData[N], scale: GradeScale) => string;
  /** 成文日期 when the caller gives none */
  date?: (data: FormData[N]) => string | undefined;
  /** what the template needs beyond the data */
  extra?: (data: FormData[N], scale: GradeScale, input: DocumentInput) => object;
}

/**
 * A basis as a letter to an employer cites it: where the rules cite the campaign notice by the
 * plugin's short name for it (noticeCitation), the campaign's own notice, by its title and 发文字号.
 */
function citingNotice(basis: string, { plugin, settings }: DocumentInput): string {
  const short = plugin
    .chain()
    .map((p) => p.manifest.noticeCitation)
    .find(Boolean);
  const title = settings.title as string | undefined;
  if (!short || !title) return basis;
  const number = settings.documentNumber as string | null | undefined;
  return basis.split(short).join(`《${title}》${number ? `（${number}）` : ''}`);
}

/** 存在的问题 where the reviewer wrote no note: the finding's weight in the words of 江津通知 三、（一）4. */
const SEVERITY_WORDS = { minor: '有轻微违法行为', penalty: '有依法应当给予行政处理处罚的违法行为' } as const;

/** Grades in a form's data that are not levels of the plugin's scale, or a notice for a grade that gets none. */
function gradeProblems(name: FormName, form: unknown, scale: GradeScale): ErrorDetail[] {
  const data = form as { grade?: unknown; rows?: { grade?: unknown }[] };
  const problem = (pointer: string, code: unknown): ErrorDetail => ({
    pointer,
    zh: `等级 "${String(code)}" 不在插件的等级表中（${scale.codes.join('、')}）`,
    en: `grade "${String(code)}" is not a level of the plugin's gradeScale (${scale.codes.join(', ')})`,
  });
  if (name === 'lowGradeNotice') {
    if (!scale.has(data.grade)) return [problem('/grade', data.grade)];
    if (!scale.needsNotice(data.grade))
      return [{ pointer: '/grade', zh: `${scale.label(data.grade)}不拟评书面告知`, en: `grade ${data.grade} gets no written notice before publicity` }];
    return [];
  }
  return (data.rows ?? []).flatMap((r, i) => (scale.has(r.grade) ? [] : [problem(`/rows/${i}/grade`, r.grade)]));
}

const FORMS: { [N in FormName]: FormSpec<N> } = {
  reviewForm: { zh: '劳动保障监察书面审查表', title: (d) => `${d.employer.name}劳动保障监察书面审查表` },
  rectificationAdvice: {
    zh: '劳动保障监察书面审查处理建议书',
    title: (d) => `${d.employer.name}劳动保障监察书面审查处理建议书`,
    // the advice goes out with the review result (江津通知 三、（一）4)
    date: (d) => d.reviewedAt,
    extra: (d, _scale, input) => ({
      basis: citingNotice(d.basis, input),
      findings: d.findings.map((f) => ({ ...f, problem: f.note ?? SEVERITY_WORDS[f.severity], basis: citingNotice(f.basis, input) })),
    }),
  },
  lowGradeNotice: {
    zh: '拟评等级书面告知书',
    title: (d, scale) => `${d.employer.name}拟评${scale.level(d.grade)?.print}书面告知书`,
    // told when the publicity opens, so that the objection period is whole
    date: (d) => d.objectionFrom,
    extra: (d, scale) => ({ gradePrint: scale.level(d.grade)?.print }),
  },
  gradeList: {
    zh: '守法诚信等级评价结果名单',
    title: (d) => `${d.year}年度企业劳动保障守法诚信等级评价结果${d.kind === 'publicity' ? '公示' : '公布'}名单`,
    date: (d) => (d.kind === 'publicity' ? d.from : undefined),
    extra: (d, scale) => ({
      counts: gradeCounts(d.rows, scale),
      groups: [...scale.levels]
        .reverse()
        .map((l) => ({ grade: l.code, print: l.print, rows: d.rows.filter((r) => r.grade === l.code) }))
        .filter((g) => g.rows.length),
    }),
  },
  patrolPlan: {
    zh: '劳动保障监察巡视检查计划',
    title: (d) => `${d.year}年度劳动保障监察巡视检查计划`,
    extra: (d, scale) => ({
      counts: gradeCounts(d.rows, scale),
      planned: d.rows.reduce((n, r) => n + r.dates.length, 0),
      rows: d.rows.map((r) => ({ ...r, frequency: patrolFrequency(r) })),
    }),
  },
};

export const DOCUMENTS = ['notice', 'checklist', ...(Object.keys(FORMS) as FormName[])] as const;
export type DocumentName = (typeof DOCUMENTS)[number];

function renderForm<N extends FormName>(renderer: Renderer, name: N, input: DocumentInput, issuer: Bureau): { title: string; html: string } {
  const spec = FORMS[name] as FormSpec<N>;
  if (input.data === undefined) throw new JianchaError('invalid-input', `${spec.zh}（${name}）须提供数据`, `the ${name} form needs its data`);
  const validate = validator(name);
  const scale = input.plugin.gradeScale();
  const details = validate(input.data) ? gradeProblems(name, input.data, scale) : schemaErrors(validate.errors);
  if (details.length) {
    throw new JianchaError(
      'invalid-input',
      `${spec.zh}（${name}）的数据不符合规范：${details.map((d) => `${d.pointer || '/'} ${d.zh}`).join('；')}`,
      `the ${name} form's data is invalid: ${details.map((d) => `${d.pointer || '/'} ${d.en}`).join('; ')}`,
      details,
    );
  }
  const data = input.data as FormData[N];
  const title = spec.title(data, scale);
  const date = input.date ?? spec.date?.(data) ?? today();
  // the data first: nothing in it may stand in for the issuer, the settings or the title
  return { title, html: renderer.page(name, { ...data, ...spec.extra?.(data, scale, input), title, date, issuer, settings: input.settings }) };
}

// compiled templates per plugin, so that a batch compiles each template once; a campaign's
// overrides are compiled afresh each time, being rare and changeable
const renderers = new WeakMap<Plugin, Renderer>();

function rendererFor(plugin: Plugin, overrides: Record<string, string> | undefined): Renderer {
  if (overrides && Object.keys(overrides).length) return createRenderer(plugin, overrides);
  let renderer = renderers.get(plugin);
  if (!renderer) renderers.set(plugin, (renderer = createRenderer(plugin)));
  return renderer;
}

export async function renderDocument(decider: Decider, name: string, input: DocumentInput): Promise<{ title: string; html: string }> {
  if (!(DOCUMENTS as readonly string[]).includes(name)) {
    throw new JianchaError('not-found', `没有文书“${name}”（有：${DOCUMENTS.join('、')}）`, `unknown document "${name}" (known: ${DOCUMENTS.join(', ')})`);
  }
  const { plugin, settings } = input;
  const at = (settings.noticeDate as string | undefined) ?? `${(settings.year as number) + 1}-01-01`;
  const issuer = input.issuer ?? defaultIssuer(plugin);
  const renderer = rendererFor(plugin, input.overrides);
  if (name === 'notice') {
    const title = (settings.title as string | undefined) ?? '通知';
    return { title, html: renderer.page('notice', { ...noticeContext(plugin, settings, at), issuer, title }) };
  }
  if (name === 'checklist') {
    if (!input.employer) throw new JianchaError('invalid-input', '书面材料清单须指定用人单位', 'the checklist needs an employer');
    const { result } = await decider.decide(plugin.id, 'documents', { ...input.employer, year: settings.year }, { at });
    const title = `${input.employer.name ?? ''}书面材料清单`;
    const phases = (['upload', 'bringToReview', 'mailIn'] as const)
      .map((phase) => ({ phase, items: result.documents.filter((d) => d.phase === phase) }))
      .filter((p) => p.items.length);
    const staff = { staff: input.staff ?? [], staffPending: input.staff === null };
    return { title, html: renderer.page('checklist', { title, issuer, settings, year: settings.year, employer: input.employer, phases, ...staff }) };
  }
  return renderForm(renderer, name as FormName, input, issuer);
}
