/**
 * Where to import a plugin's TypeScript code from. Through tsx (tests, development) the .ts file
 * itself; compiled, a shipped plugin's twin under dist/ when it is not older than its source, and
 * otherwise (a plugin being written, in another root) the .ts file through tsx, registered only then.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiled, projectRoot } from './projectRoot.ts';

let tsxRegistered = false;

export async function importablePluginCode(file: string): Promise<string> {
  if (!compiled || !/\.[cm]?tsx?$/.test(file)) return pathToFileURL(file).href;
  const inProject = relative(projectRoot, file);
  if (!inProject.startsWith('..')) {
    const twin = join(projectRoot, 'dist', inProject).replace(/\.([cm]?)tsx?$/, '.$1js');
    if (existsSync(twin) && statSync(twin).mtimeMs >= statSync(file).mtimeMs) return pathToFileURL(twin).href;
  }
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return pathToFileURL(file).href;
}
