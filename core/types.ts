/** The nouns the core shares. Names follow ../shared/domain/GLOSSARY.md. */
import type { TopLevelCondition } from 'json-rules-engine';

export const DECISIONS = ['jurisdiction', 'documents', 'sampling', 'review', 'grading', 'cadence'] as const;
export type DecisionKind = (typeof DECISIONS)[number];

export type Facts = Record<string, unknown>;

export interface EventParams {
  basis: string;
  reason?: string;
  regionChoice?: boolean;
  note?: string;
  [key: string]: unknown;
}

export interface RuleSpec {
  name: string;
  omit?: true;
  description?: string;
  priority?: number;
  conditions?: TopLevelCondition;
  event?: { type: string; params: EventParams };
}

export interface RulesetFile {
  plugin: string;
  decision: DecisionKind;
  version: string;
  title?: string;
  validFrom: string;
  validTo?: string | null;
  inherit?: boolean;
  factDefaults?: Facts;
  labels?: Record<string, string>;
  rules: RuleSpec[];
}

/** A ruleset file as loaded: its content, where it came from and a hash of its bytes. */
export interface LoadedRuleset extends RulesetFile {
  file: string;
  hash: string;
}

export interface Bureau {
  id: string;
  name: string;
  shortName?: string;
  /** 机关代字, e.g. 昌州人社 */
  documentPrefix?: string;
  level?: 'province' | 'city' | 'prefecture' | 'county' | 'park';
  parent?: string;
  divisions?: string[];
  parks?: string[];
  address?: string;
  telephone?: string;
  contacts?: string[];
  office?: string;
}

export interface Park {
  id: string;
  name: string;
  divisionCode?: string;
}

/** What an employer declares about itself: JSON Schema properties with a title (and a unit) each. */
export interface DeclarationForm {
  fields: Record<string, DeclarationField>;
}

export interface DeclarationField {
  type?: 'integer' | 'number' | 'string' | 'boolean';
  enum?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  title: string;
  'x-unit'?: string;
  /** a count of the employer's own people (insured staff): the samples and the demo give its headcount */
  'x-people'?: boolean;
  examples: unknown[];
}

/** One item of a notice's review content (审查内容); violations name it by `item`. */
export interface ReviewItem {
  item: string;
  text: string;
  basis: string;
}

/** A number of the campaign's course that the region's notice fixes, with where it says so. */
export interface LifecycleParameter<T> {
  value: T;
  basis: string;
  regionChoice?: boolean;
}

/** The campaign's course in numbers: days to declare, the shortest publicity, the rectification date (MM-DD). */
export interface Lifecycle {
  declarationWorkingDays: LifecycleParameter<number>;
  publicityWorkingDays: LifecycleParameter<number>;
  rectificationDue: LifecycleParameter<string>;
}

/** One level of a grade scale: its code in rules and data, how the console shows it and how documents print it. */
export interface GradeLevel {
  code: string;
  label: string;
  print: string;
}

/** An outcome that is not a level: not graded (不参评), or registered without a grade (信用登记). */
export interface GradeOutcome {
  label: string;
}

/** The region's grade scale, levels worst to best (plugin.json `gradeScale`). */
export interface GradeScaleSpec {
  levels: GradeLevel[];
  /** the best level at which a proposed grade is told to the employer in writing first (拟评告知), and every worse one */
  noticeLevel: string;
  notGraded: GradeOutcome;
  registeredOnly?: GradeOutcome;
}

/** A remedy a 拟评告知 offers: 陈述申辩 or 异议, within working days of receipt or within the publicity. */
export interface Remedy {
  name: '陈述申辩' | '异议';
  text: string;
  workingDays?: number;
  basis: string;
  regionChoice?: boolean;
  note?: string;
}

/** plugin.json writtenNotice: what the 拟评告知 cites and offers besides the grading rules' reasons */
export interface WrittenNoticeSpec {
  basis?: string[];
  requiredBy?: { text: string; basis: string };
  documentWord?: string;
  remedies?: Remedy[];
}

export const LIFECYCLE_KEYS = ['declarationWorkingDays', 'publicityWorkingDays', 'rectificationDue'] as const;

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  /** the jiancha versions the plugin works with (semver range) */
  jiancha?: string;
  extends?: string;
  divisionCodes?: string[];
  decisions: DecisionKind[];
  notice?: string;
  /** how the rules' bases cite the campaign notice; a letter cites the campaign's own in its place */
  noticeCitation?: string;
  parks?: Park[];
  bureaus?: Bureau[];
  /** the bureau whose administrators edit the plugin's rules; default the top of its directory */
  owner?: string;
  supervisionTelephone?: string;
  writtenNotice?: WrittenNoticeSpec;
  reviewItems?: ReviewItem[];
  /** the declaration's fields (申报表); inherited whole from the nearest plugin that sets one */
  declarationForm?: DeclarationForm;
  lifecycle?: Partial<Lifecycle>;
  /** the grade scale; inherited whole from the nearest plugin that sets one */
  gradeScale?: GradeScaleSpec;
  campaignSchema?: string;
  exampleCampaign?: string;
  /** one filled example of each form (FormData), for template checks */
  samples?: string;
  /** what npm start seeds for the region (core/schemas/demo.schema.json) */
  demo?: string;
  code?: string;
  /** the region's own facts (core/schemas/vocabulary.schema.json), in a file beside plugin.json */
  vocabulary?: string;
  /** facts computed by a safe expression (core/expression.ts), compiled when the plugin loads */
  derivedFacts?: Record<string, { expression: string; label?: string; description?: string }>;
  /** the checks of the preliminary grades the region's notice asks for (core/screening.ts) */
  screening?: { basis?: string; checks: ScreeningCheckSpec[] };
  /** roles per step where the region departs from core/policy.ts */
  policy?: Record<string, ('administrator' | 'head' | 'clerk' | 'employer')[]>;
}

/** A screening check: the same entity graded otherwise elsewhere, or an expression over a graded employer's facts. */
export type ScreeningCheckSpec = { id: string; label: string } & ({ otherGrade: true } | { when: string; detail: string });

/** Operators compare a fact's value with the rule's value; they must be pure and synchronous. */
export type OperatorFn = (factValue: unknown, value: unknown) => boolean;

/** A fact computed from the given facts before the rules run (e.g. years in a row at grade A). */
export interface DerivedFact {
  description: string;
  compute: (facts: Facts) => unknown;
  /** the facts it reads, where known (an expression's): they must be given, and are computed first when derived */
  reads?: string[];
}

/** What a plugin's code module may export: nothing here runs what a bureau writes. */
export interface PluginCode {
  operators?: Record<string, OperatorFn>;
  facts?: Record<string, DerivedFact>;
  helpers?: Record<string, (...args: unknown[]) => unknown>;
}

/** One fired rule's event, as the result assemblers see it. */
export interface FiredEvent {
  rule: string;
  priority: number;
  type: string;
  params: EventParams;
}
