/**
 * Imports a plugin's TypeScript code. Through tsx (tests, development) the .ts file itself; compiled,
 * a shipped plugin's twin under dist/ when it is not older than its source, and otherwise (a plugin
 * being written, in another root) the .ts file through tsx, loaded only then.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiled, projectRoot } from './projectRoot.ts';

export async function importPluginCode(file: string): Promise<unknown> {
  if (!compiled || !/\.[cm]?tsx?$/.test(file)) return import(pathToFileURL(file).href);
  const inProject = relative(projectRoot, file);
  if (!inProject.startsWith('..')) {
    const twin = join(projectRoot, 'dist', inProject).replace(/\.([cm]?)tsx?$/, '.$1js');
    if (existsSync(twin) && statSync(twin).mtimeMs >= statSync(file).mtimeMs) return import(pathToFileURL(twin).href);
  }
  const { tsImport } = await import('tsx/esm/api');
  const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: { __esModule?: boolean } };
  // outside a "type": "module" package tsx loads the file as CommonJS: its exports sit one level down
  return mod.default?.__esModule ? mod.default : mod;
}
