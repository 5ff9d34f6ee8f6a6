/**
 * A plugin's own test cases (tests/*.json beside its rulesets): facts in, expected result out. The
 * CLI's test-plugin and `npm test` both run them through here.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Decider } from './decide.ts';
import { JianchaError } from './errors.ts';
import { readJsonFile } from './jsonFile.ts';
import type { Plugin } from './plugin.ts';
import { shownPath } from './pluginSources.ts';
import { schemaErrors, schemaValidator } from './schema.ts';
import type { DecisionKind, Facts } from './types.ts';

export interface TestCase {
  name: string;
  clause: string;
  at?: string;
  facts: Facts;
  expect: Record<string, unknown>;
  fired?: string[];
}

export interface TestFile {
  file: string;
  decision: DecisionKind;
  at?: string;
  cases: TestCase[];
}

export interface CaseOutcome {
  file: string;
  decision: DecisionKind;
  name: string;
  clause: string;
  passed: boolean;
  /** what differed, e.g. "/grade: expected "A", got "B"" */
  problems: string[];
}

export function loadTestFiles(plugin: Plugin, root: string): TestFile[] {
  const dir = plugin.folders.tests;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = shownPath(root, join(dir, name));
      const value = readJsonFile(join(dir, name), file);
      const validate = schemaValidator('testcases.schema.json');
      if (!validate(value)) {
        throw new JianchaError('invalid-input', `测试用例文件 ${file} 无效`, `test case file ${file} is invalid`, schemaErrors(validate.errors, file));
      }
      return { file, ...(value as Omit<TestFile, 'file'>) };
    });
}

export async function runTestCase(decider: Decider, plugin: string, file: TestFile, tc: TestCase): Promise<CaseOutcome> {
  const outcome: CaseOutcome = { file: file.file, decision: file.decision, name: tc.name, clause: tc.clause, passed: false, problems: [] };
  const at = tc.at ?? file.at;
  try {
    const d = await decider.decide(plugin, file.decision, tc.facts, at ? { at } : {});
    outcome.problems = mismatches(d.result, tc.expect, '');
    const fired = new Set(d.trace.rules.filter((r) => r.fired).map((r) => r.rule));
    for (const rule of tc.fired ?? []) if (!fired.has(rule)) outcome.problems.push(`rule ${rule} did not fire`);
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    outcome.problems = [err.message];
  }
  outcome.passed = outcome.problems.length === 0;
  return outcome;
}

/** Partial match: every key of `expected` must match; arrays must match element by element. */
export function mismatches(actual: unknown, expected: unknown, pointer: string): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${pointer || '/'}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${pointer || '/'}: expected ${expected.length} item(s), got ${actual.length}`];
    return expected.flatMap((e, i) => mismatches(actual[i], e, `${pointer}/${i}`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${pointer || '/'}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => mismatches((actual as Record<string, unknown>)[k], v, `${pointer}/${k}`));
  }
  return Object.is(actual, expected) ? [] : [`${pointer || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
