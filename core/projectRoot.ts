/**
 * The project's folder (the one with package.json): plugins/, rulesets/, templates/ and the JSON
 * schemas are read from there whether the code runs as TypeScript from the checkout or compiled
 * under dist/.
 */
import { existsSync } from 'node:fs';
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
