/**
 * A bureau administrator edits its own region's rulesets (a ratio, a reason, a basis): the edit is
 * data, checked like a shipped file (schema, operators, facts), must keep the bounds of the ruleset
 * it inherits, and the plugin's own test cases must still pass; then it becomes a new version with
 * author and reason. Rolling back is a new version with an old content. Every process loads the
 * latest versions over the shipped files, and a long-lived one checks for newer ones before each
 * request and batch (deciderWithEdits), so the CLI, the server and its workers decide alike.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, asc, desc, eq } from 'drizzle-orm';
import { Decider, type RuleSource } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import { drawPolicy, stratumPolicy } from '../drawPolicy.ts';
import { sha256 } from '../hash.ts';
import type { Plugin } from '../plugin.ts';
import { loadPlugins, loadRegistry, projectRoot, type Registry } from '../registry.ts';
import { loadTestFiles, runTestCase } from '../testCases.ts';
import { requireStep } from '../policy.ts';
import { now, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { regionOf } from './bureaus.ts';

export type RulesetVersion = typeof schema.rulesetVersions.$inferSelect;

/** The latest content of every edited file. */
export function rulesetEdits(db: Db): Record<string, string> {
  const edits: Record<string, string> = {};
  for (const v of db.select().from(schema.rulesetVersions).orderBy(asc(schema.rulesetVersions.version)).all()) edits[v.file] = v.content;
  return edits;
}

/** `plugins`: the outside plugins, as LoadOptions takes them (default JIANCHA_PLUGINS). */
export function loadRegistryWithEdits(db: Db, root = projectRoot, plugins?: string[]): Promise<Registry> {
  return loadRegistry(root, { edits: rulesetEdits(db), plugins });
}

/** The rules in the database: stamped by the latest version (an edit and a rollback each add one, none is ever removed). */
export function editedRules(db: Db, root = projectRoot, plugins?: string[]): RuleSource {
  const latest = db.$client.prepare('SELECT coalesce(max(id), 0) FROM ruleset_versions').pluck();
  return { stamp: () => String(latest.get()), load: () => loadRegistryWithEdits(db, root, plugins) };
}

/** A Decider on the rules in the database that reloads them when another process edits them. */
export async function deciderWithEdits(db: Db, root = projectRoot, plugins?: string[]): Promise<Decider> {
  const source = editedRules(db, root, plugins);
  const stamp = source.stamp();
  return new Decider(await source.load(), source, stamp);
}

/** The plugin's own file for a decision (not one it inherits), which an edit replaces. */
function ownFile(plugin: Plugin, decision: string): string {
  const own = plugin.rulesets.filter((r) => r.decision === decision);
  if (!own.length)
    throw new JianchaError('not-found', `插件 ${plugin.id} 没有自己的“${decision}”规则集可改`, `plugin ${plugin.id} has no ruleset of its own for ${decision}`);
  // the one in force now; edits of past versions are not offered
  return own.sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0].file;
}

/**
 * A region's rules belong to the administrators of the bureau that owns the plugin (its `owner`, else
 * the top of its directory), or the system administrator: a bureau under it may not edit them.
 */
function requireRuleOwner(registry: Registry, actor: Actor, pluginId: string): void {
  requireStep(actor, 'rules.edit', pluginId);
  if (actor.bureauId === null) return;
  const owner = registry.get(pluginId).owner();
  if (actor.bureauId !== owner) {
    throw new JianchaError(
      'forbidden',
      `${pluginId} 的规则由${owner ? ` ${owner} 的` : '系统'}管理员修改`,
      `${pluginId}'s rules are edited by ${owner ? `the administrators of ${owner}` : 'the system administrator'}`,
    );
  }
}

/**
 * Stratum bounds may narrow what the inherited ruleset allows, never widen it. A fixed count may
 * take any share of its stratum, so it replaces only inherited bounds that allow every share; all of
 * a stratum, only bounds that allow 100%.
 */
function boundsProblems(candidate: Plugin, decision: string, at: string, file: string): ErrorDetail[] {
  if (decision !== 'sampling' || !candidate.parent?.declares('sampling')) return [];
  const inherited = drawPolicy(candidate.parent.effectiveRuleset('sampling', at)?.rules ?? []).strata;
  const problems: ErrorDetail[] = [];
  for (const rule of candidate.effectiveRuleset('sampling', at)?.rules ?? []) {
    if (rule.event?.type !== 'stratum') continue;
    const outer = inherited.get(rule.event.params.stratum as string);
    if (!outer || (outer.rule !== 'floor' && outer.rule !== 'ceil')) continue;
    const own = stratumPolicy(rule.event.params);
    const [min, max] = own.rule === 'all' ? [1, 1] : own.rule === 'count' ? [0, 1] : [own.bounds.min ?? 0, own.bounds.max ?? 1];
    if ((outer.bounds.min ?? 0) > min || (outer.bounds.max ?? 1) < max) {
      const range = `${outer.bounds.min ?? 0}–${outer.bounds.max ?? 1}`;
      problems.push({
        file,
        zh: `规则“${rule.name}”的抽查比例范围超出上级规则（${range}）${own.rule === 'count' ? '：固定数量可能超出比例' : ''}`,
        en: `rule ${rule.name}'s ${own.rule === 'count' ? 'fixed count may go' : own.rule === 'all' ? 'draw of all goes' : 'bounds go'} beyond the inherited ${range}`,
      });
    }
  }
  return problems;
}

export interface EditResult {
  version: RulesetVersion;
  registry: Registry;
}

export async function editRuleset(
  db: Db,
  registry: Registry,
  actor: Actor,
  pluginId: string,
  decision: string,
  content: unknown,
  reason: string,
): Promise<EditResult> {
  requireRuleOwner(registry, actor, pluginId);
  if (!reason?.trim() || reason.trim().length < 4) throw new JianchaError('invalid-input', '修改规则须写明理由', 'a rule edit needs a reason');
  const file = ownFile(registry.get(pluginId), decision);
  const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
  return saveVersion(db, registry, actor, pluginId, decision, file, text, reason.trim());
}

async function saveVersion(
  db: Db,
  registry: Registry,
  actor: Actor,
  pluginId: string,
  decision: string,
  file: string,
  text: string,
  reason: string,
): Promise<EditResult> {
  const edits = { ...rulesetEdits(db), [file]: text };
  const { registry: candidate, errors } = await loadPlugins(registry.root, { edits, plugins: registry.outside });
  const mine = errors.filter((e) => e.file === file);
  if (errors.length) {
    throw new JianchaError(
      'invalid-ruleset',
      `规则集 ${file} 有 ${errors.length} 处错误，未保存`,
      `ruleset ${file} has ${errors.length} error(s); not saved`,
      mine.length ? mine : errors,
    );
  }
  const plugin = candidate.get(pluginId);
  const at = plugin.rulesets.find((r) => r.file === file)!.validFrom;
  const bounds = boundsProblems(plugin, decision, at, file);
  if (bounds.length)
    throw new JianchaError(
      'invalid-ruleset',
      `规则集 ${file} 超出上级规则的范围，未保存`,
      `ruleset ${file} goes beyond the inherited bounds; not saved`,
      bounds,
    );
  // the plugin's own cases, and those of every plugin that builds on it
  const decider = new Decider(candidate);
  const failed: ErrorDetail[] = [];
  for (const p of candidate.list().filter((p) => p.chain().some((c) => c.id === pluginId))) {
    for (const tf of loadTestFiles(p, candidate.root)) {
      for (const tc of tf.cases) {
        const outcome = await runTestCase(decider, p.id, tf, tc);
        if (!outcome.passed)
          failed.push({
            file: tf.file,
            zh: `测试用例“${tc.name}”（${tc.clause}）不再通过：${outcome.problems.join('；')}`,
            en: `test case "${tc.name}" fails: ${outcome.problems.join('; ')}`,
          });
      }
    }
  }
  if (failed.length)
    throw new JianchaError(
      'invalid-ruleset',
      `修改后有 ${failed.length} 个测试用例不通过，未保存`,
      `${failed.length} test case(s) fail with this edit; not saved`,
      failed,
    );
  const version = await transaction(db, async (tx) => {
    const last = await first(
      tx.select().from(schema.rulesetVersions).where(eq(schema.rulesetVersions.file, file)).orderBy(desc(schema.rulesetVersions.version)),
    );
    const row = (await first(
      tx
        .insert(schema.rulesetVersions)
        .values({
          file,
          plugin: pluginId,
          decision,
          version: (last?.version ?? 0) + 1,
          content: text,
          hash: sha256(text),
          reason,
          authorId: actor.userId,
          createdAt: now(),
        })
        .returning(),
    ))!;
    await audit(
      tx,
      actor,
      'edit',
      'ruleset',
      file,
      last ? { version: last.version, hash: last.hash } : { version: 0 },
      { version: row.version, hash: row.hash, reason },
      { bureauId: actor.bureauId ?? registry.get(pluginId).owner() ?? null, region: pluginId },
    );
    return row;
  });
  return { version, registry: candidate };
}

/** Back to an earlier version (0: the file as shipped), as a new version. */
export async function rollbackRuleset(
  db: Db,
  registry: Registry,
  actor: Actor,
  pluginId: string,
  decision: string,
  to: number,
  reason: string,
): Promise<EditResult> {
  requireRuleOwner(registry, actor, pluginId);
  const file = ownFile(registry.get(pluginId), decision);
  let text: string;
  // a plugin from outside the root names its files by absolute path
  if (to === 0) text = readFileSync(resolve(registry.root, file), 'utf8');
  else {
    const row = await first(
      db
        .select()
        .from(schema.rulesetVersions)
        .where(and(eq(schema.rulesetVersions.file, file), eq(schema.rulesetVersions.version, to))),
    );
    if (!row) throw new JianchaError('not-found', `${file} 没有版本 ${to}`, `${file} has no version ${to}`);
    text = row.content;
  }
  return saveVersion(db, registry, actor, pluginId, decision, file, text, `回滚到版本 ${to}${reason?.trim() ? `：${reason.trim()}` : ''}`);
}

/** The versions, for staff of a region whose plugin is or builds on this one (or the system administrator). */
export function listRulesetVersions(db: Db, registry: Registry, actor: Actor, pluginId: string, decision: string) {
  requireStep(actor, 'rules.read', pluginId);
  if (
    actor.bureauId !== null &&
    !registry
      .get(regionOf(db, actor.bureauId))
      .chain()
      .some((p) => p.id === pluginId)
  ) {
    throw new JianchaError('forbidden', `只能查看本地区的规则版本`, `you may read only your own region's rule versions`);
  }
  const file = ownFile(registry.get(pluginId), decision);
  return db
    .select({
      version: schema.rulesetVersions.version,
      hash: schema.rulesetVersions.hash,
      reason: schema.rulesetVersions.reason,
      author: schema.users.username,
      createdAt: schema.rulesetVersions.createdAt,
    })
    .from(schema.rulesetVersions)
    .innerJoin(schema.users, eq(schema.users.id, schema.rulesetVersions.authorId))
    .where(eq(schema.rulesetVersions.file, file))
    .orderBy(asc(schema.rulesetVersions.version))
    .all();
}
