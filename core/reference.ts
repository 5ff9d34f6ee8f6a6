/**
 * A plugin's reference for its developer, generated from what jiancha loads (`jiancha docs <plugin>`):
 * for each decision, the steps of the year that ask it, what they supply and every fact its rules
 * read (type, meaning, source, default); for each template, where it comes from, the values it
 * uses and those it may use.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { walkConditions, factsOf } from './conditions.ts';
import { type FactSchema, type FactSource, knownFacts, sourceOf } from './knownFacts.ts';
import type { Plugin } from './plugin.ts';
import { shownPath } from './pluginSources.ts';
import { projectRoot } from './projectRoot.ts';
import { formSchemas } from './render/formSchemas.ts';
import { noticeContext } from './render/noticeContext.ts';
import { helperNames, templateFolders } from './render/render.ts';
import type { DecisionKind } from './types.ts';

/**
 * Which steps ask each decision and what they give it besides the employer's registry facts
 * (core/services/employerFacts.ts); each fact's source, from the vocabulary, is listed with the fact.
 */
const STEPS: Record<DecisionKind, { steps: string; supplies: string }> = {
  jurisdiction: { steps: 'assign (jurisdictionRun)', supplies: 'the registry facts' },
  sampling: { steps: 'draw; declare (staff sample)', supplies: 'the registry facts; at a declaration headcount from the roster and year' },
  documents: { steps: 'declare; render checklist', supplies: 'the registry facts; at a declaration headcount from the roster and year' },
  review: { steps: 'review record', supplies: 'violations and undetermined from the findings, writtenReview.overdue from the declaration' },
  grading: { steps: 'grade (gradingRun)', supplies: 'the registry facts and the year record (imported, plus the campaign: inspected, writtenReview)' },
  cadence: { steps: 'supervision plan', supplies: 'the registry facts, the year record as the grading run reads it, grade and year' },
};

/** What a document's template is given, beyond what every page has (title, issuer, settings). */
const CHECKLIST_CONTEXT = ['year', 'employer', 'phases', 'staffSample', 'staffPending', 'declarationDeadline', 'responsible'];
const PAGE_CONTEXT = ['title', 'issuer', 'settings'];

export interface FactReference {
  name: string;
  type: string;
  description: string;
  default?: unknown;
  /** where a campaign takes it from (the vocabulary's x-source); unknown for a fact no vocabulary names */
  source: FactSource | 'unknown';
}

export interface PluginReference {
  plugin: string;
  name: string;
  extends: string | null;
  at: string;
  decisions: { decision: DecisionKind; steps: string; supplies: string; facts: FactReference[] }[];
  templates: { name: string; from: string; uses: string[]; mayUse?: string[] }[];
}

function typeOf(schema: FactSchema | undefined): string {
  if (!schema) return 'unknown';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') return schema.type === 'array' && schema.items ? `${typeOf(schema.items as FactSchema)}[]` : schema.type;
  return 'any';
}

/** The paths a template reads, helpers and block parameters left out, in order of first use. */
function usedPaths(source: string, helpers: Set<string>): string[] {
  const used = new Set<string>();
  class Paths extends Handlebars.Visitor {
    override PathExpression(path: hbs.AST.PathExpression) {
      if (!helpers.has(path.original) && !path.data && path.original !== 'this') used.add(path.original);
    }
    override PartialStatement(partial: hbs.AST.PartialStatement) {
      // the partial's name is no value; its hash and parameters are
      for (const p of partial.params) this.accept(p);
      if (partial.hash) this.accept(partial.hash);
    }
  }
  new Paths().accept(Handlebars.parse(source));
  return [...used];
}

/** The template files of the plugin's chain and the common set, nearest first, each name once. */
function templateFiles(plugin: Plugin): { name: string; file: string }[] {
  const seen = new Map<string, string>();
  for (const dir of templateFolders(plugin)) {
    for (const sub of ['', 'partials']) {
      const path = join(dir, sub);
      if (!existsSync(path)) continue;
      for (const f of readdirSync(path).sort()) if (f.endsWith('.hbs') && !seen.has(f.slice(0, -4))) seen.set(f.slice(0, -4), join(path, f));
    }
  }
  return [...seen].map(([name, file]) => ({ name, file }));
}

export function pluginReference(plugin: Plugin, at: string): PluginReference {
  const vocabulary = knownFacts(plugin);
  const decisions = plugin.manifest.decisions.map((decision) => {
    const ruleset = plugin.effectiveRuleset(decision, at);
    const read = new Set<string>();
    for (const rule of ruleset?.rules ?? []) if (rule.conditions) walkConditions(rule.conditions, '', (leaf) => factsOf(leaf).forEach((f) => read.add(f)));
    const facts = [...read].sort().map((name): FactReference => {
      const schema = vocabulary.get(name);
      const fact: FactReference = {
        name,
        type: typeOf(schema),
        description: (schema?.description as string | undefined) ?? '',
        source: sourceOf(schema) ?? 'unknown',
      };
      if (ruleset && Object.hasOwn(ruleset.factDefaults, name)) fact.default = ruleset.factDefaults[name];
      return fact;
    });
    return { decision, ...STEPS[decision], facts };
  });
  const helpers = new Set(helperNames(plugin));
  // the settings a campaign of the plugin may have, by its campaign schema
  const settingsSchema = plugin.chain().find((p) => p.campaignSchema)?.campaignSchema as { properties?: object } | undefined;
  const page = settingsSchema?.properties
    ? [...PAGE_CONTEXT.filter((k) => k !== 'settings'), ...Object.keys(settingsSchema.properties).map((k) => `settings.${k}`)]
    : PAGE_CONTEXT;
  const mayUse = (name: string): string[] | undefined => {
    if (name === 'notice') return [...Object.keys(noticeContext(plugin, { year: Number(at.slice(0, 4)) - 1 }, at)).filter((k) => k !== 'settings'), ...page];
    if (name === 'checklist') return [...CHECKLIST_CONTEXT, ...page];
    const schema = formSchemas(plugin)[name as keyof ReturnType<typeof formSchemas>] as { properties?: object } | undefined;
    return schema ? [...Object.keys(schema.properties ?? {}), 'date', ...page] : undefined;
  };
  const templates = templateFiles(plugin).map(({ name, file }) => {
    const entry: PluginReference['templates'][number] = { name, from: shownPath(projectRoot, file), uses: usedPaths(readFileSync(file, 'utf8'), helpers) };
    const may = mayUse(name);
    if (may) entry.mayUse = may;
    return entry;
  });
  return { plugin: plugin.id, name: plugin.manifest.name, extends: plugin.manifest.extends ?? null, at, decisions, templates };
}

/** The reference as Markdown, as `jiancha docs` prints it. */
export function referenceMarkdown(ref: PluginReference): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [`# ${ref.name}（${ref.plugin}）`, '', `extends: ${ref.extends ?? '—'}; rules in force on ${ref.at}`, ''];
  for (const d of ref.decisions) {
    lines.push(
      `## ${d.decision}`,
      '',
      `asked by: ${d.steps}. supplied: ${d.supplies}.`,
      '',
      '| fact | type | meaning | source | default |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const f of d.facts) {
      lines.push(
        `| \`${f.name}\` | ${cell(f.type)} | ${cell(f.description)} | ${f.source} | ${f.default === undefined ? '' : cell(JSON.stringify(f.default))} |`,
      );
    }
    lines.push('');
  }
  lines.push('## templates', '', '| template | from | uses | may use |', '| --- | --- | --- | --- |');
  for (const t of ref.templates)
    lines.push(`| \`${t.name}\` | ${t.from} | ${t.uses.map((u) => `\`${u}\``).join(', ')} | ${(t.mayUse ?? ['(the including template’s)']).join(', ')} |`);
  return `${lines.join('\n')}\n`;
}
