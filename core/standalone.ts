/**
 * npm run build, after tsc: the JSON schemas under core/schemas as standalone ajv validators in
 * dist/core/schemas/*.cjs, so the compiled CLI validates plugins and rulesets without compiling a
 * schema (or loading ajv's compiler) at every start.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import { createRequire } from 'node:module';
import { projectRoot } from './projectRoot.ts';
import { createAjv, loadSchema, standaloneFile } from './schema.ts';

const standaloneCode = (createRequire(import.meta.url)('ajv/dist/standalone/index.js') as { default: (ajv: unknown, v: unknown) => string }).default;

export function writeStandaloneValidators(): string[] {
  const ajv = createAjv({ code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  const names = readdirSync(join(projectRoot, 'core/schemas')).filter((f) => f.endsWith('.schema.json'));
  for (const name of names) {
    const file = standaloneFile(name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, standaloneCode(ajv, ajv.compile(loadSchema(name))));
  }
  return names;
}

if (import.meta.url.endsWith('.js') && process.argv[1] && import.meta.filename === process.argv[1]) writeStandaloneValidators();
