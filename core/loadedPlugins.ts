/**
 * The plugins the registry has loaded, by id, for the services a step calls without a registry (the
 * publicity issues its written notices by the campaign's grade scale). A module of its own, with no
 * database in it, so that loading plugins (every CLI start) does not load the database layer too.
 */
import type { Plugin } from './plugin.ts';

const plugins = new Map<string, Plugin>();

export function adoptPlugin(plugin: Plugin): void {
  plugins.set(plugin.id, plugin);
}

/** The plugin loaded last under `id`, if any was. */
export function loadedPlugin(id: string): Plugin | undefined {
  return plugins.get(id);
}
