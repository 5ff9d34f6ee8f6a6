/** Reading JSON that people write by hand: a syntax error names the file, line and column. */
import { readFileSync } from 'node:fs';
import { JianchaError } from './errors.ts';

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    let zhWhere = '';
    let enWhere = '';
    if (at) {
      const upTo = text.slice(0, Number(at[1]));
      const line = upTo.split('\n').length;
      const column = upTo.length - upTo.lastIndexOf('\n');
      zhWhere = `（第 ${line} 行第 ${column} 列）`;
      enWhere = ` (line ${line}, column ${column})`;
    }
    throw new JianchaError('invalid-json', `${source} 不是有效的 JSON${zhWhere}`, `${source} is not valid JSON${enWhere}`, [
      { file: source, zh: `JSON 语法错误${zhWhere}`, en: `JSON syntax error${enWhere}: ${message}` },
    ]);
  }
}

export function readJsonFile(file: string, shownAs = file): unknown {
  return parseJson(readFileSync(file, 'utf8'), shownAs);
}
