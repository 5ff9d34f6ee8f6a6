/**
 * One filled example of each form for a plugin: what a campaign's template override is checked
 * against before it is saved, and the data of the form tests and the render benchmark. A plugin
 * gives its own (`"samples": "samples.json"` in plugin.json, as a clerk of the region would fill the
 * forms); one without gets samples built from a synthetic employer of its region and its own rules.
 */
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { JianchaError } from '../errors.ts';
import { readJsonFile } from '../jsonFile.ts';
import type { Plugin } from '../plugin.ts';
import { shownPath } from '../pluginSources.ts';
import { projectRoot } from '../projectRoot.ts';
import { seededRandom, syntheticEmployer } from '../synthetic.ts';
import { today } from '../facts.ts';
import type { EventParams } from '../types.ts';
import { cachedValidator, schemaErrors } from '../schema.ts';
import { sampleBasics } from '../declarationForm.ts';
import { formSchemas } from './formSchemas.ts';
import { defaultIssuer, writtenNoticeNumber } from './issuer.ts';
import type { FormData } from './formData.ts';

const given = new WeakMap<Plugin, FormData>();

/** The plugin's samples; a samples file that is not every form's data is an error naming file and pointer. */
export function formSamples(plugin: Plugin): FormData {
  let samples = given.get(plugin);
  if (!samples) {
    samples = plugin.manifest.samples ? readSamples(plugin, join(plugin.dir, plugin.manifest.samples)) : syntheticSamples(plugin);
    given.set(plugin, samples);
  }
  return samples;
}

function readSamples(plugin: Plugin, file: string): FormData {
  const shown = shownPath(projectRoot, file);
  const value = readJsonFile(file, shown);
  const schemas = formSchemas(plugin);
  const validate: ValidateFunction = cachedValidator({ type: 'object', required: Object.keys(schemas), properties: schemas });
  if (!validate(value)) {
    throw new JianchaError('invalid-plugin', `文书样例 ${shown} 无效`, `form samples ${shown} are invalid`, schemaErrors(validate.errors, shown));
  }
  return value as FormData;
}

/** Events of the plugin's rules of a decision in force on `at`, in the order they are written. */
function events(plugin: Plugin, decision: 'review' | 'grading', at: string): { type: string; params: EventParams }[] {
  return (plugin.effectiveRuleset(decision, at)?.rules ?? []).flatMap((r) => (r.event ? [r.event] : []));
}

/** The params of the cadence rule that names the grade, as the shipped rulesets write them ({ fact: grade, equal }). */
function cadenceOf(plugin: Plugin, at: string, grade: string): EventParams | undefined {
  const names = (c: unknown): boolean => {
    const node = c as { fact?: string; operator?: string; value?: unknown; all?: unknown[] };
    return (node.fact === 'grade' && node.operator === 'equal' && node.value === grade) || (node.all ?? []).some(names);
  };
  return plugin.effectiveRuleset('cadence', at)?.rules.find((r) => r.event?.type === 'cadence' && names(r.conditions))?.event?.params;
}

/** Samples from the plugin's own rules and a synthetic employer, for a plugin that gives none. */
export function syntheticSamples(plugin: Plugin): FormData {
  const year = Number(today().slice(0, 4)) - 1;
  const at = `${year + 1}-06-30`;
  const e = syntheticEmployer(plugin, 0, seededRandom(year));
  const employer = { name: e.name, creditCode: e.creditCode, headcount: e.headcount };
  const item = plugin.reviewItems()[0] ?? { item: 'other', text: '其他遵守劳动保障法律、法规和规章的情况', basis: '《劳动保障监察条例》第十四条' };
  // the review outcome that comes with a letter, as the plugin's rules word it
  const review = events(plugin, 'review', at).map((e) => e.params);
  const advised = review.find((p) => p.disposition === 'rectificationAdvice') ?? review.find((p) => p.disposition !== 'none') ?? review[0];
  const labels = plugin.effectiveRuleset('review', at)?.labels ?? {};
  const grading = events(plugin, 'grading', at).filter((e) => e.type === 'grade');
  const grades = [...new Set(grading.map((e) => e.params.grade as string))];
  const gradeLabels = plugin.effectiveRuleset('grading', at)?.labels ?? {};
  const row = (n: number, grade: string) => ({
    creditCode: employer.creditCode as string,
    name: `${employer.name}${n}`,
    grade,
    label: gradeLabels[grade] ?? grade,
  });
  return {
    reviewForm: {
      employer,
      basics: sampleBasics(plugin, employer.headcount as number),
    },
    rectificationAdvice: {
      employer,
      findings: [{ item: item.item, text: item.text, severity: 'minor', note: '示例问题', basis: item.basis }],
      outcome: (advised?.outcome as string | undefined) ?? 'fail',
      outcomeLabel: labels[(advised?.outcome as string | undefined) ?? ''] ?? '不合格',
      disposition: (advised?.disposition as string | undefined) ?? 'rectificationAdvice',
      dispositionLabel: advised?.reason ?? '整改',
      reason: advised?.reason ?? '示例',
      basis: advised?.basis ?? item.basis,
      reviewedAt: `${year + 1}-05-20`,
      dueDate: `${year + 1}-12-31`,
    },
    lowGradeNotice: {
      employer,
      year,
      grade: plugin.gradeScale().noticeLevel.code,
      // the reasons of the rules that give the notice level
      reasons: grading
        .filter((e) => e.params.grade === plugin.gradeScale().noticeLevel.code)
        .slice(0, 2)
        .map((e, i) => ({ rule: `rule-${i + 1}`, reason: e.params.reason ?? '', basis: e.params.basis })),
      number: writtenNoticeNumber(plugin, defaultIssuer(plugin), year + 1, 1),
      issuedOn: `${year + 1}-08-03`,
      objectionFrom: `${year + 1}-08-03`,
      objectionTo: `${year + 1}-08-07`,
    },
    gradeList: { kind: 'publicity', year, from: `${year + 1}-08-03`, to: `${year + 1}-08-07`, rows: grades.map((g, i) => row(i + 1, g)) },
    patrolPlan: {
      year: year + 1,
      gradedYear: year,
      publishedOn: `${year + 1}-09-20`,
      rows: grades.map((g, i) => {
        const cadence = cadenceOf(plugin, at, g);
        const perYear = (cadence?.patrolsPerYear as number | null | undefined) ?? null;
        const exempt = cadence?.exemptFromPatrol === true;
        return {
          ...row(i + 1, g),
          patrolsPerYear: perYear,
          exemptFromPatrol: exempt,
          // the parts of the year after publication on 20 September: October for a quarter, November for a half year
          dates: exempt || !perYear ? [] : perYear >= 4 ? [`${year + 1}-10-15`] : [`${year + 1}-11-12`],
          interview: cadence?.interview === true,
          measures: (cadence?.measures as string[] | undefined) ?? ['按分类监管措施'],
        };
      }),
    },
  } as FormData;
}
