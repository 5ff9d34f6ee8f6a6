/**
 * A region's demo as data (`"demo": "demo.json"` in plugin.json, core/schemas/demo.schema.json): its
 * campaign's bureau and seeds, and demo staff. Read without the database, so `jiancha validate`
 * checks it cheaply; core/services/demo.ts seeds it.
 */
import { join } from 'node:path';
import { JianchaError } from '../errors.ts';
import { readJsonFile } from '../jsonFile.ts';
import type { Plugin } from '../plugin.ts';
import { shownPath } from '../pluginSources.ts';
import type { Registry } from '../registry.ts';
import { schemaErrors, schemaValidator } from '../schema.ts';
import type { Actor } from './actor.ts';

/** A plugin's demo.json (core/schemas/demo.schema.json). */
export interface DemoData {
  bureau: string;
  seed: string;
  populationSeed: number;
  staff?: { username: string; displayName: string; role: 'administrator' | 'head' | 'clerk' }[];
  reviewed?: number;
}

export interface DemoPlan extends DemoData {
  plugin: Plugin;
  settings: Record<string, unknown>;
}

/** Every plugin's demo with its example campaign settings, in the order of the plugins' ids. */
export function demoPlans(registry: Registry): DemoPlan[] {
  return registry
    .list()
    .filter((p) => p.manifest.demo)
    .map((plugin) => demoPlan(plugin, registry.root));
}

/** A plugin's demo.json, checked against core/schemas/demo.schema.json, with its example campaign settings. */
export function demoPlan(plugin: Plugin, root: string): DemoPlan {
  const read = (name: string) => {
    const file = join(plugin.dir, name);
    return readJsonFile(file, shownPath(root, file));
  };
  const shown = shownPath(root, join(plugin.dir, plugin.manifest.demo!));
  const data = read(plugin.manifest.demo!);
  const validate = schemaValidator('demo.schema.json');
  if (!validate(data))
    throw new JianchaError('invalid-plugin', `演示数据 ${shown} 无效`, `demo data ${shown} is invalid`, schemaErrors(validate.errors, shown));
  if (!plugin.manifest.exampleCampaign) {
    throw new JianchaError(
      'invalid-plugin',
      `插件 ${plugin.id} 有演示数据，却没有示例活动设置（exampleCampaign）`,
      `plugin ${plugin.id} has a demo but no exampleCampaign`,
      [{ file: shownPath(root, join(plugin.dir, 'plugin.json')), pointer: '/demo', zh: '须同时给出 exampleCampaign', en: 'needs exampleCampaign too' }],
    );
  }
  return { ...(data as DemoData), plugin, settings: read(plugin.manifest.exampleCampaign) as Record<string, unknown> };
}

/** The demo accounts every plugin's demo names, each of its campaign's bureau. */
export function demoAccounts(registry: Registry): { username: string; displayName: string; role: 'administrator' | 'head' | 'clerk'; bureauId: string }[] {
  return demoPlans(registry).flatMap((d) => (d.staff ?? []).map((s) => ({ ...s, bureauId: d.bureau })));
}

/** By bureau, the clerk and head who work the review in the demo, where a demo names both. */
export async function demoTeams(registry: Registry, actorOf: (username: string) => Actor | Promise<Actor>): Promise<Record<string, DemoStaff>> {
  const teams: Record<string, DemoStaff> = {};
  for (const d of demoPlans(registry)) {
    const clerk = d.staff?.find((s) => s.role === 'clerk');
    const head = d.staff?.find((s) => s.role === 'head');
    if (clerk && head) teams[d.bureau] = { clerk: await actorOf(clerk.username), head: await actorOf(head.username) };
  }
  return teams;
}

/** A bureau's demo staff: with them the demo also shows declarations and approved reviews. */
export interface DemoStaff {
  clerk: Actor;
  head: Actor;
}
