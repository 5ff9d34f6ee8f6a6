/**
 * JSON Schema validation with ajv, and the translation of ajv's errors into ErrorDetails that name the
 * file, the JSON pointer and what was expected, in Chinese (ajv-i18n) and English.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type { ErrorDetail } from './errors.ts';
import { sha256 } from './hash.ts';
import { compiled as runningCompiled, projectRoot } from './projectRoot.ts';

// ajv and its plugins are CommonJS, required on first use: a command that only reads the validators
// built at install (standalone.ts) never loads the compiler
const require = createRequire(import.meta.url);

export function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(projectRoot, 'core/schemas', name), 'utf8'));
}

/** ajv's options for a validator written out as standalone code: its formats required, not inlined. */
export const standaloneOptions = (): Options => {
  const { _ } = require('ajv/dist/compile/codegen/index.js') as typeof import('ajv/dist/compile/codegen/index.js');
  return { code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } };
};

export function standaloneCode(ajv: Ajv2020, validate: ValidateFunction): string {
  return (require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv2020, v: ValidateFunction) => string }).default(ajv, validate);
}

export function createAjv(options: Options = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false, ...options });
  addFormats(ajv);
  return ajv;
}

/** Where `npm run build` puts the standalone validator of core/schemas/NAME. */
export const standaloneFile = (name: string) => join(projectRoot, 'dist/core/schemas', name.replace(/\.json$/, '.cjs'));

let shared: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Whether the standalone validator of core/schemas/NAME exists and is not older than the schema. */
export function standaloneFresh(name: string): boolean {
  const built = standaloneFile(name);
  return existsSync(built) && statSync(built).mtimeMs >= statSync(join(projectRoot, 'core/schemas', name)).mtimeMs;
}

/**
 * A validator for one of the schemas under core/schemas: built at install when not older than the schema,
 * else compiled once. Through tsx too: compiling them took ~300 ms in each test file that loads the registry.
 */
export function schemaValidator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    if (standaloneFresh(name)) {
      v = require(standaloneFile(name)) as ValidateFunction;
    } else {
      shared ??= createAjv();
      v = shared.compile(loadSchema(name));
    }
    compiled.set(name, v);
  }
  return v;
}

const built = new Map<string, ValidateFunction>();

/**
 * A validator for a schema made from a plugin's own files (its declaration fields, its facts), which
 * no build step can know: compiled once per schema and kept as standalone code under
 * dist/core/schemas/cache/ by its hash, so the compiled CLI's next start requires it instead of
 * loading ajv's compiler (~150 ms). Through tsx, or where dist/ cannot be written, compiled in memory.
 */
export function cachedValidator(schema: object): ValidateFunction {
  const key = sha256(JSON.stringify(schema));
  let v = built.get(key);
  if (v) return v;
  const file = join(projectRoot, 'dist/core/schemas/cache', `${key}.cjs`);
  if (runningCompiled && existsSync(file)) v = require(file) as ValidateFunction;
  else if (runningCompiled) {
    // an ajv of its own, as each such schema had: no two plugins' schemas share ids
    const writer = createAjv(standaloneOptions());
    v = writer.compile(schema);
    try {
      mkdirSync(dirname(file), { recursive: true });
      // a temporary file renamed into place: a CLI started at the same moment reads a whole file or none
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, standaloneCode(writer, v));
      renameSync(partial, file);
    } catch {
      // a read-only install: compiled at each start, as through tsx
    }
  } else v = createAjv().compile(schema);
  built.set(key, v);
  return v;
}

/**
 * ajv reports every branch it tried; keep what a person can act on. `if` errors only say "must match
 * then", and a oneOf failure is explained better by the errors of its branches. Given the schema the
 * data was checked against, each Chinese message names its field by the schema's titles
 * (「工资支付日」应当不大于 31), since a pointer says nothing to a clerk.
 */
export function schemaErrors(errors: ErrorObject[] | null | undefined, file?: string, prefix = '', titled?: object): ErrorDetail[] {
  if (!errors?.length) return [];
  const kept = errors.filter((e) => e.keyword !== 'if');
  const english = kept.map((e) => describe(e, e.message ?? 'is invalid', 'en'));
  const zh = kept.map((e) => ({ ...e }));
  (require('ajv-i18n/localize/zh') as (errors: ErrorObject[]) => void)(zh);
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  kept.forEach((e, i) => {
    const own = e.instancePath + extraPointer(e);
    const label = titled && fieldLabel(titled, own);
    const message = describe(e, zh[i].message ?? '无效', 'zh', Boolean(label));
    const detail: ErrorDetail = { pointer: prefix + own, zh: label ? `「${label}」${message}` : message, en: english[i] };
    if (file) detail.file = file;
    const key = `${detail.pointer}|${detail.en}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(detail);
    }
  });
  return out;
}

/** required and additional or unevaluated properties point at the object; naming the property helps more. */
function extraPointer(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') return `/${p.additionalProperty}`;
  if (e.keyword === 'unevaluatedProperties' && typeof p.unevaluatedProperty === 'string') return `/${p.unevaluatedProperty}`;
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') return `/${p.missingProperty}`;
  return '';
}

/** ajv-i18n's comparisons read as formulas (应当为 <= 31) and its types in English (应当是 integer 类型). */
const BOUNDS: Record<string, string> = { maximum: '不大于', minimum: '不小于', exclusiveMaximum: '小于', exclusiveMinimum: '大于' };
const TYPES: Record<string, string> = { integer: '整数', number: '数字', string: '文字', boolean: '是或否', array: '列表', object: '对象', null: '空' };

function describe(e: ErrorObject, message: string, language: 'zh' | 'en', named = false): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'enum' && Array.isArray(p.allowedValues)) return `${message}: ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'const') return `${message}: ${JSON.stringify(p.allowedValue)}`;
  // "unevaluated" says nothing to a bureau: the key is one the schema does not know
  if (e.keyword === 'unevaluatedProperties') return language === 'en' ? `unknown key "${p.unevaluatedProperty}"` : `未知的键“${p.unevaluatedProperty}”`;
  if (language === 'en') return message;
  if (e.keyword in BOUNDS) return `应当${BOUNDS[e.keyword]} ${p.limit}`;
  if (e.keyword === 'type')
    return `应当是${String(p.type)
      .split(',')
      .map((t) => TYPES[t] ?? t)
      .join('或')}`;
  if (e.keyword === 'format' && p.format === 'date') return '应当是日期（年-月-日）';
  // the field is named already: what is missing is its value
  if (e.keyword === 'required' && named) return '必须填写';
  return message;
}

/**
 * The Chinese name of the field a JSON pointer (within the data) points at, from the titles (or a
 * vocabulary's x-label) of the schema's properties along it: 「抽取比例·A」, 「花名册·第 3 项·姓名」.
 * An array's index and a map's key name themselves, an untitled property is left out; without any title, none.
 */
export function fieldLabel(schema: object, pointer: string): string | undefined {
  let node = schema as Record<string, unknown> | undefined;
  const parts: string[] = [];
  let titled = false;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const properties = node?.properties as Record<string, Record<string, unknown>> | undefined;
    if (properties?.[key]) {
      node = properties[key];
      const title = (node.title ?? node['x-label']) as string | undefined;
      // an untitled property (a group such as basics) is no name a clerk knows: left out
      if (title) {
        titled = true;
        parts.push(title);
      }
    } else if (node?.items && typeof node.items === 'object' && /^\d+$/.test(key)) {
      node = node.items as Record<string, unknown>;
      parts.push(`第 ${Number(key) + 1} 项`);
    } else if (node?.additionalProperties && typeof node.additionalProperties === 'object') {
      node = node.additionalProperties as Record<string, unknown>;
      parts.push(key);
    } else return undefined;
  }
  return titled ? parts.join('·') : undefined;
}
