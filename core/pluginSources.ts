/**
 * Where plugins are found: the shipped layout of a root (plugins/<id>/, rulesets/<id>/,
 * templates/<id>/ side by side), and the folders or npm packages a province points jiancha at with
 * JIANCHA_PLUGINS (or the CLI's --plugins), so that its plugin lives outside jiancha's repository.
 * A plugin folder that holds rulesets/ or templates/ of its own keeps them there.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ErrorDetail } from './errors.ts';

/** The folders one plugin's files sit in (absolute paths). */
export interface PluginFolders {
  /** the folder of plugin.json (and of its code, campaign schema, samples and demo) */
  dir: string;
  rulesets: string;
  /** test cases: tests/ beside the rulesets */
  tests: string;
  /** its own templates and partials/ */
  templates: string;
}

export interface PluginSource {
  manifestFile: string;
  folders: PluginFolders;
  /** the shipped layout names the plugin by its folder; a folder of its own may be named anything */
  folderId?: string;
  /** given through JIANCHA_PLUGINS or --plugins */
  outside: boolean;
}

/** The paths of JIANCHA_PLUGINS, ':'-separated as PATH is. */
export function pluginPathsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.JIANCHA_PLUGINS ?? '').split(':').filter((p) => p.trim() !== '');
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** A plugin's folders: its own rulesets/ and templates/ when it has them, else the root's, by id. */
function foldersOf(root: string, dir: string, id: string): PluginFolders {
  const rulesets = isDir(join(dir, 'rulesets')) ? join(dir, 'rulesets') : join(root, 'rulesets', id);
  const templates = isDir(join(dir, 'templates')) ? join(dir, 'templates') : join(root, 'templates', id);
  return { dir, rulesets, tests: join(rulesets, 'tests'), templates };
}

function shippedLayout(root: string, outside: boolean): PluginSource[] {
  const pluginsDir = join(root, 'plugins');
  if (!isDir(pluginsDir)) return [];
  return readdirSync(pluginsDir)
    .sort()
    .filter((id) => existsSync(join(pluginsDir, id, 'plugin.json')))
    .map((id) => ({ manifestFile: join(pluginsDir, id, 'plugin.json'), folders: foldersOf(root, join(pluginsDir, id), id), folderId: id, outside }));
}

function ownFolder(dir: string): PluginSource {
  return { manifestFile: join(dir, 'plugin.json'), folders: foldersOf(dir, dir, ''), outside: true };
}

/** An npm package's folder: node_modules/<name> in the working folder or one above it. */
function packageFolder(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (isDir(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Every plugin of the root's shipped layout, then of each path given: a plugin folder (with
 * plugin.json), a root with the shipped layout (with plugins/), a folder of plugin folders, or the
 * name of an installed npm package. A path that is none of these is an error naming it.
 */
export function pluginSources(root: string, paths: string[], errors: ErrorDetail[], cwd = process.cwd()): PluginSource[] {
  const sources = shippedLayout(root, false);
  for (const given of paths) {
    const path = isDir(resolve(cwd, given)) ? resolve(cwd, given) : !isAbsolute(given) && !given.startsWith('.') ? packageFolder(given, cwd) : undefined;
    if (!path) {
      errors.push({
        file: given,
        zh: `JIANCHA_PLUGINS 或 --plugins 中的 "${given}" 既不是文件夹，也不是已安装的 npm 包`,
        en: `"${given}" of JIANCHA_PLUGINS or --plugins is neither a folder nor an installed npm package`,
      });
      continue;
    }
    if (existsSync(join(path, 'plugin.json'))) sources.push(ownFolder(path));
    else if (isDir(join(path, 'plugins'))) sources.push(...shippedLayout(path, true));
    else {
      const inside = readdirSync(path)
        .sort()
        .filter((name) => existsSync(join(path, name, 'plugin.json')));
      if (!inside.length) {
        errors.push({ file: given, zh: `"${given}" 中没有 plugin.json`, en: `"${given}" holds no plugin.json` });
      }
      sources.push(...inside.map((name) => ownFolder(join(path, name))));
    }
  }
  return sources;
}

/** A file as messages name it: from the root when inside it, else its absolute path. */
export function shownPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
