/**
 * The project's folder (the one with package.json): plugins/, rulesets/, templates/ and the JSON
 * schemas are read from there whether the code runs as TypeScript from the checkout or compiled
 * under dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}

export const projectRoot = `${findRoot(dirname(fileURLToPath(import.meta.url)))}/`;

/** Running compiled (dist/…/*.js) rather than through a TypeScript loader. */
export const compiled = import.meta.url.endsWith('.js');

/** jiancha's own version (package.json, from the root: compiled, this file sits in dist/), which a plugin's `jiancha` range must admit. */
export const jianchaVersion = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
