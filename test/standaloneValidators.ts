/**
 * vitest's global setup: the schemas' standalone validators, as `npm run build` writes them, rebuilt once
 * before the files run when one is missing (a checkout never built) or older than its schema, so that
 * no test file compiles them with ajv (~300 ms in each file that loads the registry).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../core/projectRoot.ts';
import { standaloneFresh } from '../core/schema.ts';
import { writeStandaloneValidators } from '../core/standalone.ts';

export default function setup() {
  const names = readdirSync(join(projectRoot, 'core/schemas')).filter((f) => f.endsWith('.schema.json'));
  if (!names.every(standaloneFresh)) writeStandaloneValidators();
}
