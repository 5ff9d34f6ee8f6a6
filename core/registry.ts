/**
 * Loads every plugin under plugins/ with its rulesets under rulesets/, and checks what no single file
 * can check alone: the extends chain, operators and facts the rules use, bureaus they name, periods
 * that overlap, decisions declared but never given rules. `load` collects every problem, so
 * `jiancha validate` can print them all at once.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JianchaError, type ErrorDetail } from './errors.ts';
import { readJsonFile } from './jsonFile.ts';
import { compileDerivedFacts, derivedInOrder } from './derivedFacts.ts';
import { compileScreening } from './screening.ts';
import { readDrawPolicy } from './drawPolicy.ts';
import { adoptPolicy } from './policy.ts';
import { adoptPlugin } from './loadedPlugins.ts';
import { dateOrderProblems } from './services/settingsDates.ts';
import { Plugin } from './plugin.ts';
import { importPluginCode } from './pluginCode.ts';
import { loadRuleset, parseRuleset } from './ruleset.ts';
import { projectRoot } from './projectRoot.ts';
import { type PluginFolders, type PluginSource, pluginPathsFromEnv, pluginSources, shownPath } from './pluginSources.ts';
import { versionProblem } from './pluginVersion.ts';
import { SHARED_FACTS, SHARED_SCHEMAS } from './knownFacts.ts';
import { checkRules } from './ruleChecks.ts';
import { schemaErrors, schemaValidator } from './schema.ts';
import type { LoadedRuleset, PluginCode, PluginManifest } from './types.ts';

export { projectRoot };
export { factsOf, walkConditions } from './conditions.ts';

export class Registry {
  constructor(
    readonly root: string,
    private readonly plugins: Map<string, Plugin>,
    /** the outside plugins it was loaded with: a reload of its rules, or a job's worker, loads the same */
    readonly outside: string[] = [],
  ) {}

  list(): Plugin[] {
    return [...this.plugins.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  has(id: string): boolean {
    return this.plugins.has(id);
  }

  get(id: string): Plugin {
    const plugin = this.plugins.get(id);
    if (!plugin) {
      const known = [...this.plugins.keys()].join(', ');
      throw new JianchaError('unknown-plugin', `没有插件 "${id}"（已有：${known}）`, `unknown plugin "${id}" (known: ${known})`);
    }
    return plugin;
  }
}

export interface LoadResult {
  registry: Registry;
  errors: ErrorDetail[];
}

export interface LoadOptions {
  /** ruleset texts that take the place of files, by path from the root (rulesets/<plugin>/<file>): a bureau's edits */
  edits?: Record<string, string>;
  /** plugins from outside the root (folders or npm packages); default JIANCHA_PLUGINS */
  plugins?: string[];
}

/** Load and check everything; never throws for bad content, returns the problems instead. */
export async function loadPlugins(root = projectRoot, options: LoadOptions = {}): Promise<LoadResult> {
  const errors: ErrorDetail[] = [];
  const manifests = new Map<string, { manifest: PluginManifest; folders: PluginFolders; shown: string }>();
  const outside = options.plugins ?? pluginPathsFromEnv();
  for (const source of pluginSources(root, outside, errors)) {
    const shown = shownPath(root, source.manifestFile);
    try {
      const manifest = readManifest(source, shown, errors);
      if (!manifest) continue;
      const twin = manifests.get(manifest.id);
      if (twin) {
        errors.push({
          file: shown,
          pointer: '/id',
          zh: `插件 "${manifest.id}" 已由 ${twin.shown} 提供`,
          en: `plugin "${manifest.id}" is already given by ${twin.shown}`,
        });
        continue;
      }
      manifests.set(manifest.id, { manifest, folders: source.folders, shown });
    } catch (err) {
      errors.push(...detailsOf(err, shown));
    }
  }

  const plugins = new Map<string, Plugin>();
  const building = new Set<string>();
  const build = async (id: string): Promise<Plugin | undefined> => {
    if (plugins.has(id)) return plugins.get(id);
    const entry = manifests.get(id);
    if (!entry) return undefined;
    const { manifest, folders, shown } = entry;
    const dir = folders.dir;
    if (building.has(id)) {
      errors.push({ file: shown, pointer: '/extends', zh: `插件继承关系成环（${id}）`, en: `plugin extends itself through a cycle (${id})` });
      return undefined;
    }
    building.add(id);
    let parent: Plugin | undefined;
    if (manifest.extends) {
      parent = await build(manifest.extends);
      if (!parent) {
        errors.push({
          file: shown,
          pointer: '/extends',
          zh: `继承的插件 "${manifest.extends}" 不存在或无效`,
          en: `extended plugin "${manifest.extends}" is missing or invalid`,
        });
        building.delete(id);
        return undefined;
      }
    }
    const code = withDerivedFacts(await loadCode(root, dir, manifest, errors), manifest, shown, parent, errors);
    const rulesets = loadRulesets(root, folders.rulesets, manifest.id, errors, options.edits ?? {});
    let campaignSchema: Record<string, unknown> | undefined;
    if (manifest.campaignSchema) {
      const file = join(dir, manifest.campaignSchema);
      try {
        campaignSchema = readJsonFile(file, shownPath(root, file)) as Record<string, unknown>;
        errors.push(...dateOrderProblems(campaignSchema, shownPath(root, file)));
      } catch (err) {
        errors.push(...detailsOf(err, shownPath(root, file)));
      }
    }
    const { facts: ownFacts, words } = manifest.vocabulary ? readVocabulary(root, join(dir, manifest.vocabulary), errors) : NO_VOCABULARY;
    const plugin = new Plugin(manifest, folders, rulesets, code, parent, campaignSchema, ownFacts, words);
    try {
      derivedInOrder(plugin.derivedFacts(), Object.keys(plugin.derivedFacts()));
    } catch (err) {
      errors.push(...detailsOf(err, shown));
    }
    // checked where it is written; a plugin extending it inherits it checked
    if (manifest.screening)
      try {
        compileScreening(plugin, shown);
      } catch (err) {
        errors.push(...detailsOf(err, shown));
      }
    checkPlugin(plugin, shown, errors);
    adoptPolicy(plugin);
    adoptPlugin(plugin);
    plugins.set(id, plugin);
    building.delete(id);
    return plugin;
  };
  for (const id of manifests.keys()) await build(id);
  return { registry: new Registry(root, plugins, outside), errors };
}

/**
 * A manifest checked alone: its schema, its folder's name in the shipped layout, and the jiancha
 * versions it admits (required of a plugin from outside, which jiancha does not ship alongside).
 */
function readManifest(source: PluginSource, shown: string, errors: ErrorDetail[]): PluginManifest | undefined {
  const value = readJsonFile(source.manifestFile, shown);
  const validate = schemaValidator('plugin.schema.json');
  if (!validate(value)) {
    errors.push(...schemaErrors(validate.errors, shown));
    return undefined;
  }
  const manifest = value as PluginManifest;
  if (source.folderId !== undefined && manifest.id !== source.folderId) {
    errors.push({
      file: shown,
      pointer: '/id',
      zh: `插件标识 "${manifest.id}" 与目录名 "${source.folderId}" 不一致`,
      en: `plugin id "${manifest.id}" differs from its folder "${source.folderId}"`,
    });
    return undefined;
  }
  const problem = versionProblem(manifest.jiancha, source.outside);
  if (problem) {
    errors.push({ file: shown, pointer: '/jiancha', ...problem });
    return undefined;
  }
  return manifest;
}

/** Load for use: any problem is an error that lists them all. */
export async function loadRegistry(root = projectRoot, options: LoadOptions = {}): Promise<Registry> {
  const { registry, errors } = await loadPlugins(root, options);
  if (errors.length) {
    throw new JianchaError('invalid-plugin', `插件或规则集有 ${errors.length} 处错误`, `plugins or rulesets have ${errors.length} error(s)`, errors);
  }
  return registry;
}

async function loadCode(root: string, dir: string, manifest: PluginManifest, errors: ErrorDetail[]): Promise<PluginCode> {
  if (!manifest.code) return {};
  const file = join(dir, manifest.code);
  try {
    const mod = (await importPluginCode(file)) as { default?: PluginCode };
    return mod.default ?? {};
  } catch (err) {
    errors.push({
      file: shownPath(root, file),
      zh: `插件代码无法加载：${(err as Error).message}`,
      en: `plugin code failed to load: ${(err as Error).message}`,
    });
    return {};
  }
}

/**
 * A plugin's own facts, checked by the schema every vocabulary meets (the shared one too) and
 * namespaced, so that they can never shadow a shared fact (FACTS.md: never rename these).
 */
interface Vocabulary {
  facts: Record<string, Record<string, unknown>>;
  words: Record<string, Record<string, string | null>>;
}
const NO_VOCABULARY: Vocabulary = { facts: {}, words: {} };

function readVocabulary(root: string, file: string, errors: ErrorDetail[]): Vocabulary {
  const shown = shownPath(root, file);
  if (!existsSync(file)) {
    errors.push({ file: shown, zh: '找不到插件清单 vocabulary 所指的事实定义文件', en: "the file the manifest's vocabulary names does not exist" });
    return NO_VOCABULARY;
  }
  let value: unknown;
  try {
    value = readJsonFile(file, shown);
  } catch (err) {
    errors.push(...detailsOf(err, shown));
    return NO_VOCABULARY;
  }
  const validate = schemaValidator('vocabulary.schema.json');
  if (!validate(value)) {
    errors.push(...schemaErrors(validate.errors, shown));
    return NO_VOCABULARY;
  }
  const { properties: facts, words = {} } = value as { properties: Vocabulary['facts']; words?: Vocabulary['words'] };
  for (const name of Object.keys(facts)) {
    if (!name.includes('.') || SHARED_FACTS.has(name.split('.')[0]))
      errors.push({
        file: shown,
        pointer: `/properties/${name}`,
        zh: `插件自己的事实须带命名空间（如 fl.${name.split('.').pop()}），不能与共享事实同名`,
        en: `a plugin's own fact is namespaced (e.g. fl.${name.split('.').pop()}) and never a shared fact's name`,
      });
  }
  // words are for a shared fact's values: a region's own fact names its values in its schema
  for (const [fact, map] of Object.entries(words)) {
    const values = SHARED_SCHEMAS[fact]?.enum as unknown[] | undefined;
    if (!values) {
      errors.push({
        file: shown,
        pointer: `/words/${fact}`,
        zh: `“${fact}”不是取值有限的共享事实，不能为它加词`,
        en: `"${fact}" is not a shared fact with a set of values`,
      });
      continue;
    }
    for (const [word, v] of Object.entries(map))
      if (!values.includes(v))
        errors.push({
          file: shown,
          pointer: `/words/${fact}/${word}`,
          zh: `“${word}”所指的值 ${JSON.stringify(v)} 不是 ${fact} 的取值（可用：${values.map((x) => JSON.stringify(x)).join('、')}）`,
          en: `"${word}" means ${JSON.stringify(v)}, not a value of ${fact} (allowed: ${values.map((x) => JSON.stringify(x)).join(', ')})`,
        });
  }
  return { facts, words };
}

/** A fact of the shared vocabulary; a dotted name is a region's namespaced fact unless it is a path into a shared one (writtenReview.overdue). */
const sharedOrNamespaced = (name: string) => SHARED_FACTS.has(name) || (name.includes('.') && !SHARED_FACTS.has(name.split('.')[0]));

/** The plugin code's derived facts with those of plugin.json's `derivedFacts`, compiled from their expressions. */
function withDerivedFacts(code: PluginCode, manifest: PluginManifest, file: string, parent: Plugin | undefined, errors: ErrorDetail[]): PluginCode {
  if (!manifest.derivedFacts) return code;
  const others = { ...parent?.derivedFacts(), ...code.facts };
  const facts = compileDerivedFacts(
    manifest,
    file,
    (name) => sharedOrNamespaced(name) || Object.hasOwn(others, name),
    [...SHARED_FACTS, ...Object.keys(others)],
    errors,
  );
  return { ...code, facts: { ...code.facts, ...facts } };
}

function loadRulesets(root: string, dir: string, pluginId: string, errors: ErrorDetail[], edits: Record<string, string>): LoadedRuleset[] {
  if (!existsSync(dir)) return [];
  const out: LoadedRuleset[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    const shown = shownPath(root, join(dir, name));
    try {
      const ruleset = shown in edits ? parseRuleset(edits[shown], shown) : loadRuleset(join(dir, name), shown);
      if (ruleset.plugin !== pluginId) {
        errors.push({
          file: shown,
          pointer: '/plugin',
          zh: `规则集属于 "${ruleset.plugin}"，却放在 ${pluginId} 目录`,
          en: `ruleset says plugin "${ruleset.plugin}" but sits in ${pluginId}`,
        });
        continue;
      }
      out.push(ruleset);
    } catch (err) {
      errors.push(...detailsOf(err, shown));
    }
  }
  return out;
}

function detailsOf(err: unknown, file: string): ErrorDetail[] {
  if (err instanceof JianchaError) return err.details.length ? err.details : [{ file, zh: err.zh, en: err.en }];
  throw err;
}

/** A plugin that grades has a scale in its chain whose notice level is one of its levels. */
function checkGradeScale(plugin: Plugin, shown: string, errors: ErrorDetail[]): void {
  const spec = plugin.manifest.gradeScale;
  if (!plugin.hasGradeScale()) {
    if (plugin.declares('grading'))
      errors.push({
        file: shown,
        pointer: '/gradeScale',
        zh: '插件评价等级，但它及其继承链都没有等级表',
        en: 'the plugin grades but neither it nor what it extends has a gradeScale',
      });
    return;
  }
  if (!spec) return;
  const codes = spec.levels.map((l) => l.code);
  codes.forEach((code, i) => {
    if (codes.indexOf(code) !== i)
      errors.push({ file: shown, pointer: `/gradeScale/levels/${i}/code`, zh: `等级 "${code}" 重复`, en: `level "${code}" appears twice` });
  });
  if (!codes.includes(spec.noticeLevel)) {
    errors.push({
      file: shown,
      pointer: '/gradeScale/noticeLevel',
      zh: `拟评告知的等级 "${spec.noticeLevel}" 不在等级表中（${codes.join(', ')}）`,
      en: `noticeLevel "${spec.noticeLevel}" is not one of the levels (${codes.join(', ')})`,
    });
  }
}

/** What only the whole plugin can tell: operators, facts and bureaus named by its rules. */
function checkPlugin(plugin: Plugin, shown: string, errors: ErrorDetail[]): void {
  const bureauIds = new Set(plugin.bureaus().map((b) => b.id));
  if (plugin.manifest.owner && !bureauIds.has(plugin.manifest.owner)) {
    errors.push({
      file: shown,
      pointer: '/owner',
      zh: `规则的所属人社局 "${plugin.manifest.owner}" 不在名录中`,
      en: `owner "${plugin.manifest.owner}" is not in the directory`,
    });
  }
  for (const b of plugin.manifest.bureaus ?? []) {
    if (b.parent && !bureauIds.has(b.parent)) {
      errors.push({
        file: shown,
        pointer: `/bureaus`,
        zh: `人社局 ${b.id} 的上级 "${b.parent}" 不在名录中`,
        en: `bureau ${b.id} names unknown parent "${b.parent}"`,
      });
    }
  }
  checkGradeScale(plugin, shown, errors);
  checkRules(plugin, bureauIds, errors);

  for (const ruleset of plugin.rulesets) {
    if (ruleset.decision !== 'sampling') continue;
    const { problems } = readDrawPolicy(ruleset.rules, (i) => `/rules/${i}`);
    errors.push(...problems.map((p) => ({ ...p, file: ruleset.file })));
  }

  // two rulesets of one decision in force on the same day would make --at ambiguous
  const byDecision = new Map<string, LoadedRuleset[]>();
  for (const r of plugin.rulesets) byDecision.set(r.decision, [...(byDecision.get(r.decision) ?? []), r]);
  for (const list of byDecision.values()) {
    const sorted = [...list].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      if (!prev.validTo || prev.validTo >= sorted[i].validFrom) {
        errors.push({ file: sorted[i].file, pointer: '/validFrom', zh: `与 ${prev.file} 的有效期重叠`, en: `period overlaps ${prev.file}` });
      }
    }
  }

  for (const decision of plugin.manifest.decisions) {
    const has = plugin.chain().some((p) => p.rulesets.some((r) => r.decision === decision));
    if (!has) {
      errors.push({
        file: shown,
        pointer: '/decisions',
        zh: `声明了决策 "${decision}"，但本插件及其继承链都没有该规则集`,
        en: `declares decision "${decision}" but no ruleset for it exists in the plugin or what it extends`,
      });
    }
  }
}
