/** Helpers the commands share: the registry, reading JSON input, printing JSON. */
import { readFileSync } from 'node:fs';
import { JianchaError } from '../../core/errors.ts';
import { parseJson } from '../../core/jsonFile.ts';
import { loadRegistry, type Registry } from '../../core/registry.ts';
import type { CliIO } from '../io.ts';

let registry: Promise<Registry> | undefined;

export function registryOnce(): Promise<Registry> {
  registry ??= loadRegistry();
  return registry;
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
