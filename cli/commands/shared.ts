/** Helpers the commands share: the registry, reading JSON input, printing JSON. */
import { accessSync, constants, createReadStream, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { JianchaError } from '../../core/errors.ts';
import { parseJson } from '../../core/jsonFile.ts';
import { loadRegistry, type Registry } from '../../core/registry.ts';
import type { CliIO } from '../io.ts';
import { opening } from './opened.ts';

let registry: { plugins: string | undefined; loaded: Promise<Registry> } | undefined;

/** The registry, loaded once per process for the plugins JIANCHA_PLUGINS (or --plugins) names. */
export function registryOnce(): Promise<Registry> {
  const plugins = process.env.JIANCHA_PLUGINS;
  if (!registry || registry.plugins !== plugins) registry = { plugins, loaded: loadRegistry() };
  return registry.loaded;
}

/** JSON from a file, or from stdin when the name is "-". */
export async function readJsonInput(source: string, io: CliIO): Promise<unknown> {
  if (source === '-') return parseJson(await io.readStdin(), 'stdin');
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch {
    throw new JianchaError('invalid-input', `无法读取文件 ${source}`, `cannot read file ${source}`);
  }
  return parseJson(text, source);
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** The database, the decider and who acts, for the lifecycle commands. */
export async function lifecycleContext(values: { db?: string; as?: string }) {
  const { openDatabase } = await import('../../core/db/index.ts');
  const { Decider } = await import('../../core/decide.ts');
  const { actorFor, localAdministrator } = await import('../../core/services/actor.ts');
  const { syncBureaus } = await import('../../core/services/bureaus.ts');
  const { rulesetEdits } = await import('../../core/services/rulesetEdits.ts');
  const db = openDatabase(values.db);
  opening(db.$client);
  // the bureaus' rule edits, as the server loads them
  const edits = rulesetEdits(db);
  const registry = Object.keys(edits).length ? await loadRegistry(undefined, { edits }) : await registryOnce();
  await syncBureaus(db, registry);
  const actor = values.as ? await actorFor(db, values.as) : await localAdministrator(db);
  return { db, registry, decider: new Decider(registry), actor };
}

export const COMMON_OPTIONS = { db: { type: 'string' }, as: { type: 'string' } } as const;

export function campaignId(value: string | undefined): number {
  const id = Number(value);
  if (!value || !Number.isInteger(id) || id < 1) throw new JianchaError('invalid-input', '须用 --campaign 指定活动编号', '--campaign ID is required');
  return id;
}

export function readFileInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new JianchaError('invalid-input', `无法读取文件 ${path}`, `cannot read file ${path}`);
  }
}

/** A file as a stream, after checking it can be read, so a missing file is a clear error. */
export function readFileStream(path: string): Readable {
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new JianchaError('invalid-input', `无法读取文件 ${path}`, `cannot read file ${path}`);
  }
  return createReadStream(path);
}
