/**
 * Reading JSON that people write by hand: a syntax error names the file, line and column. Node 20's
 * JSON.parse no longer says where it failed, so jsonc-parser (VS Code's) finds the place.
 */
import { readFileSync } from 'node:fs';
import { parse as locate, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { JianchaError } from './errors.ts';

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const found: ParseError[] = [];
    locate(text, found, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    let zhWhere = '';
    let enWhere = '';
    let what = (err as Error).message;
    if (found.length) {
      const upTo = text.slice(0, found[0].offset);
      const line = upTo.split('\n').length;
      const column = upTo.length - upTo.lastIndexOf('\n');
      zhWhere = `（第 ${line} 行第 ${column} 列）`;
      enWhere = ` (line ${line}, column ${column})`;
      what = printParseErrorCode(found[0].error);
    }
    throw new JianchaError('invalid-json', `${source} 不是有效的 JSON${zhWhere}`, `${source} is not valid JSON${enWhere}`, [
      { file: source, zh: `JSON 语法错误${zhWhere}`, en: `JSON syntax error${enWhere}: ${what}` },
    ]);
  }
}

export function readJsonFile(file: string, shownAs = file): unknown {
  return parseJson(readFileSync(file, 'utf8'), shownAs);
}
