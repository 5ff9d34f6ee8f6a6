/**
 * The documents jiancha generates, each from plain data: the campaign notice from the settings and
 * the plugin's rules, an employer's document checklist from the documents decision, and the forms of
 * the review and the grading from the data in formData.ts.
 */
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { Decider, Outcome } from '../decide.ts';
import { addWorkingDays } from '../calendar.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import type { GradeScale } from '../gradeScale.ts';
import { today } from '../facts.ts';
import { citingNotice } from '../noticeCitation.ts';
import type { Plugin } from '../plugin.ts';
import { createAjv, schemaErrors } from '../schema.ts';
import { campaignDeadlines } from '../services/campaign.ts';
import type { Bureau, Facts, Lifecycle } from '../types.ts';
import type { FormData, LowGradeNoticeData, PatrolPlanData, PatrolPlanRow } from './formData.ts';
import { noticeContext } from './noticeContext.ts';
import { createRenderer, type Renderer } from './render.ts';
import { reviewOutcomes } from './reviewSheet.ts';
import { formSchemas } from './formSchemas.ts';
import { defaultIssuer } from './issuer.ts';

export type FormName = keyof FormData;

export interface DocumentInput {
  plugin: Plugin;
  settings: Record<string, unknown>;
  issuer?: Bureau;
  overrides?: Record<string, string>;
  /** for per-employer documents */
  employer?: Facts;
  /**
   * for an employer's checklist: the staff drawn from its declared roster (系统抽中人员), whose
   * contracts, payroll and attendance it asks for; null: drawn once the roster is declared; absent: not from a campaign
   */
  staffSample?: { id: string; name: string }[] | null;
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
 * The plan by grade, best first: each grade's measures in the region's words, as its rules give them
 * (those every employer of the grade has), the patrols planned, and each employer's row with its
 * dates and any measure of its own (a plaque, joint punishment) as a remark.
 */
function planGroups(rows: PatrolPlanRow[], scale: GradeScale) {
  return [...scale.levels]
    .reverse()
    .map((level) => {
      const group = rows.filter((r) => r.grade === level.code);
      const common = (group[0]?.measures ?? []).filter((m) => group.every((r) => r.measures.includes(m)));
      const rates = [...new Set(group.filter((r) => !r.exemptFromPatrol).map((r) => r.patrolsPerYear))];
      return {
        print: level.print,
        measures: common,
        // the rules' number of patrols a year, where every employer of the grade has the same one
        perYear: rates.length === 1 && rates[0] ? rates[0] : undefined,
        planned: group.reduce((n, r) => n + r.dates.length, 0),
        rows: group.map((r) => ({ ...r, remarks: r.measures.filter((m) => !common.includes(m)) })),
      };
    })
    .filter((g) => g.rows.length);
}

let ajv: Ajv2020 | undefined;
const validators = new WeakMap<Plugin, Map<FormName, ValidateFunction>>();

/** Compiled on first use: the CLI renders one document and most never a form. */
function validator(plugin: Plugin, name: FormName): ValidateFunction {
  let byName = validators.get(plugin);
  if (!byName) validators.set(plugin, (byName = new Map()));
  let v = byName.get(name);
  if (!v) {
    ajv ??= createAjv();
    byName.set(name, (v = ajv.compile(formSchemas(plugin)[name])));
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
 * What the 拟评告知 cites and offers besides its data, from the plugin (writtenNotice): the national
 * and regional basis, the clause that asks for it, and each remedy with its deadline: working days
 * from receipt counted by the calendar from the day of issue (a letter served that day), or the
 * publicity's end.
 */
function lowGradeNoticeExtra(d: LowGradeNoticeData, gradePrint: string | undefined, input: DocumentInput) {
  const spec = input.plugin.writtenNotice();
  const requiredBy = spec.requiredBy && { text: spec.requiredBy.text, basis: citingNotice(spec.requiredBy.basis, input.plugin, input.settings) };
  return {
    gradePrint,
    basis: spec.basis,
    requiredBy,
    reasons: d.reasons.map((r) => ({ ...r, facts: r.facts ?? [], basis: citingNotice(r.basis, input.plugin, input.settings) })),
    remedies: spec.remedies.map((r) => ({
      ...r,
      deadline: r.workingDays ? addWorkingDays(d.issuedOn, r.workingDays) : d.objectionTo,
    })),
  };
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

/** Patrol dates on or before the publication: the grades a plan rests on are not yet in force then. */
function planProblems(name: FormName, form: unknown): ErrorDetail[] {
  if (name !== 'patrolPlan') return [];
  const { publishedOn, rows } = form as PatrolPlanData;
  return rows.flatMap((r, i) =>
    r.dates.flatMap((d, j) =>
      d > publishedOn
        ? []
        : [
            {
              pointer: `/rows/${i}/dates/${j}`,
              zh: `巡视检查日期 ${d} 不在等级公布（${publishedOn}）之后`,
              en: `patrol date ${d} is not after the publication on ${publishedOn}`,
            },
          ],
    ),
  );
}

const FORMS: { [N in FormName]: FormSpec<N> } = {
  reviewForm: {
    zh: '劳动保障监察书面审查表',
    title: (d) => `${d.employer.name}劳动保障监察书面审查表`,
    extra: (_d, _scale, { plugin, settings }) => ({ outcomes: reviewOutcomes(plugin, campaignDate(settings)) }),
  },
  rectificationAdvice: {
    zh: '劳动保障监察书面审查处理建议书',
    title: (d) => `${d.employer.name}劳动保障监察书面审查处理建议书`,
    // the advice goes out with the review result (江津通知 三、（一）4)
    date: (d) => d.reviewedAt,
    extra: (d, _scale, input) => ({
      basis: citingNotice(d.basis, input.plugin, input.settings),
      findings: d.findings.map((f) => ({ ...f, problem: f.note ?? SEVERITY_WORDS[f.severity], basis: citingNotice(f.basis, input.plugin, input.settings) })),
    }),
  },
  lowGradeNotice: {
    zh: '拟评等级书面告知书',
    title: (d, scale) => `${d.employer.name}拟评${scale.level(d.grade)?.print}书面告知书`,
    date: (d) => d.issuedOn,
    extra: (d, scale, input) => lowGradeNoticeExtra(d, scale.level(d.grade)?.print, input),
  },
  gradeList: {
    zh: '守法诚信等级评价结果名单',
    title: (d) => `${d.year}年度企业劳动保障守法诚信等级评价结果${d.kind === 'publicity' ? '公示' : '公布'}名单`,
    // the publicity's first day, or the day of publication
    date: (d) => (d.kind === 'publicity' ? d.from : d.publishedOn),
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
    // made when the grades are published: the plan starts with them
    date: (d) => d.publishedOn,
    extra: (d, scale) => ({
      counts: gradeCounts(d.rows, scale),
      planned: d.rows.reduce((n, r) => n + r.dates.length, 0),
      start: addWorkingDays(d.publishedOn, 1),
      groups: planGroups(d.rows, scale),
    }),
  },
};

export const DOCUMENTS = ['notice', 'checklist', ...(Object.keys(FORMS) as FormName[])] as const;
export type DocumentName = (typeof DOCUMENTS)[number];

function renderForm<N extends FormName>(renderer: Renderer, name: N, input: DocumentInput, issuer: Bureau): { title: string; html: string } {
  const spec = FORMS[name] as FormSpec<N>;
  if (input.data === undefined) throw new JianchaError('invalid-input', `${spec.zh}（${name}）须提供数据`, `the ${name} form needs its data`);
  const validate = validator(input.plugin, name);
  const scale = input.plugin.gradeScale();
  const details = validate(input.data) ? [...gradeProblems(name, input.data, scale), ...planProblems(name, input.data)] : schemaErrors(validate.errors);
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

/**
 * By when and to whom an employer submits its checklist: the campaign's declaration deadline (as the
 * campaign computes it, e.g. 昌吉's review period's end) and the bureau its jurisdiction rules make
 * responsible for it, which reviews what it brings (昌吉通知 二: each 县市(园区) its own units).
 */
async function submission(decider: Decider, { plugin, settings, issuer }: DocumentInput, facts: Facts, at: string) {
  let responsible = issuer ?? defaultIssuer(plugin);
  if (plugin.declares('jurisdiction')) {
    // without the trace, on the facts the documents decision has checked, not checked again (a fifth
    // of a checklist's time); an employer given by a few facts (render --facts) that the rules cannot
    // place is the issuer's
    let decided: Outcome<'jurisdiction'> | undefined;
    await decider
      .decideEach(plugin.id, 'jurisdiction', [{ facts }], (outcome) => (decided = outcome), { at })
      .catch((err: unknown) => {
        if (!(err instanceof JianchaError && err.code === 'missing-fact')) throw err;
      });
    const bureau = decided?.result.bureau;
    responsible = (bureau && plugin.bureau(bureau)) || responsible;
  }
  return { declarationDeadline: declarationDeadline(plugin, settings), responsible };
}

// a batch of checklists shares one settings object: its deadline is counted once per settings and
// plugin (whose lifecycle it reads), not per employer; a changed copy of the settings is new settings,
// and the settings are not changed in place once rendered from (as noticeContext asks)
const declarationDeadlines = new WeakMap<Plugin, WeakMap<object, string>>();

function declarationDeadline(plugin: Plugin, settings: Record<string, unknown>): string {
  let bySettings = declarationDeadlines.get(plugin);
  if (!bySettings) declarationDeadlines.set(plugin, (bySettings = new WeakMap()));
  let deadline = bySettings.get(settings);
  if (deadline === undefined) {
    deadline = campaignDeadlines({ year: settings.year as number, settings, lifecycle: plugin.lifecycle() as Lifecycle }).declaration;
    bySettings.set(settings, deadline);
  }
  return deadline;
}

/** The date a campaign's rules are read at: its notice's, else the new year after the reviewed one. */
const campaignDate = (settings: Record<string, unknown>) => (settings.noticeDate as string | undefined) ?? `${(settings.year as number) + 1}-01-01`;

export async function renderDocument(decider: Decider, name: string, input: DocumentInput): Promise<{ title: string; html: string }> {
  if (!(DOCUMENTS as readonly string[]).includes(name)) {
    throw new JianchaError('not-found', `没有文书“${name}”（有：${DOCUMENTS.join('、')}）`, `unknown document "${name}" (known: ${DOCUMENTS.join(', ')})`);
  }
  const { plugin, settings } = input;
  const at = campaignDate(settings);
  const issuer = input.issuer ?? defaultIssuer(plugin);
  const renderer = rendererFor(plugin, input.overrides);
  if (name === 'notice') {
    const title = (settings.title as string | undefined) ?? '通知';
    return { title, html: renderer.page('notice', { ...noticeContext(plugin, settings, at), issuer, title }) };
  }
  if (name === 'checklist') {
    if (!input.employer) throw new JianchaError('invalid-input', '书面材料清单须指定用人单位', 'the checklist needs an employer');
    // the checklist prints no trace
    const facts = { ...input.employer, year: settings.year };
    const { result } = await decider.decide(plugin.id, 'documents', facts, { at, trace: false });
    const title = `${input.employer.name ?? ''}书面材料清单`;
    const phases = (['upload', 'bringToReview', 'mailIn'] as const)
      .map((phase) => ({ phase, items: result.documents.filter((d) => d.phase === phase) }))
      .filter((p) => p.items.length);
    const context = {
      title,
      issuer,
      settings,
      year: settings.year,
      employer: input.employer,
      phases,
      staffSample: input.staffSample ?? [],
      staffPending: input.staffSample === null,
      ...(await submission(decider, input, facts, at)),
    };
    return { title, html: renderer.page('checklist', context) };
  }
  return renderForm(renderer, name as FormName, input, issuer);
}
