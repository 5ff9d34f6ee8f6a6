/**
 * A ruleset file: one decision of one plugin in force for a period. Loading checks it against
 * schemas/ruleset.schema.json and the rules of shape a schema cannot say (unique names, a sane period).
 */
import { readFileSync } from 'node:fs';
import type { ErrorDetail } from './errors.ts';
import { JianchaError } from './errors.ts';
import { sha256 } from './hash.ts';
import { parseJson } from './jsonFile.ts';
import { schemaErrors, schemaValidator } from './schema.ts';
import type { LoadedRuleset, RulesetFile } from './types.ts';

export function checkRuleset(value: unknown, file: string): ErrorDetail[] {
  const validate = schemaValidator('ruleset.schema.json');
  if (!validate(value)) return schemaErrors(validate.errors, file);
  const ruleset = value as RulesetFile;
  const errors: ErrorDetail[] = [];
  const names = new Map<string, number>();
  ruleset.rules.forEach((rule, i) => {
    const first = names.get(rule.name);
    if (first !== undefined) {
      errors.push({
        file,
        pointer: `/rules/${i}/name`,
        zh: `规则名称 "${rule.name}" 与 /rules/${first} 重复`,
        en: `rule name "${rule.name}" repeats /rules/${first}`,
      });
    } else names.set(rule.name, i);
  });
  if (ruleset.validTo && ruleset.validTo < ruleset.validFrom) {
    errors.push({ file, pointer: '/validTo', zh: 'validTo 早于 validFrom', en: 'validTo is before validFrom' });
  }
  return errors;
}

/** Parse and check a ruleset's text; throws a JianchaError listing every problem. */
export function parseRuleset(text: string, file: string): LoadedRuleset {
  const value = parseJson(text, file);
  const errors = checkRuleset(value, file);
  if (errors.length) {
    throw new JianchaError('invalid-ruleset', `规则集 ${file} 有 ${errors.length} 处错误`, `ruleset ${file} has ${errors.length} error(s)`, errors);
  }
  return { ...(value as RulesetFile), file, hash: sha256(text) };
}

export function loadRuleset(path: string, shownAs: string): LoadedRuleset {
  return parseRuleset(readFileSync(path, 'utf8'), shownAs);
}

/** Whether a ruleset is in force on a day (ISO dates compare as strings). */
export function inForce(ruleset: RulesetFile, at: string): boolean {
  return ruleset.validFrom <= at && (!ruleset.validTo || at <= ruleset.validTo);
}
