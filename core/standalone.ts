/**
 * npm run build, after tsc: the JSON schemas under core/schemas as standalone ajv validators in
 * dist/core/schemas/*.cjs, so the compiled CLI validates plugins and rulesets without compiling a
 * schema (or loading ajv's compiler) at every start.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from './projectRoot.ts';
import { createAjv, loadSchema, standaloneCode, standaloneFile, standaloneOptions } from './schema.ts';

export function writeStandaloneValidators(): string[] {
  const ajv = createAjv(standaloneOptions());
  // the validators cached from plugins' schemas (cachedValidator) were written by the ajv installed before
  rmSync(join(projectRoot, 'dist/core/schemas/cache'), { recursive: true, force: true });
  const names = readdirSync(join(projectRoot, 'core/schemas')).filter((f) => f.endsWith('.schema.json'));
  for (const name of names) {
    const file = standaloneFile(name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, standaloneCode(ajv, ajv.compile(loadSchema(name))));
  }
  return names;
}

if (import.meta.url.endsWith('.js') && process.argv[1] && import.meta.filename === process.argv[1]) writeStandaloneValidators();
