/**
 * What an import reports without refusing the file: each column whose header names no fact of the
 * vocabulary, left out, so that a clerk learns of it at once rather than when a rule reads nothing.
 */
import { didYouMean } from '../nearest.ts';

export interface ImportWarning {
  column: string;
  zh: string;
  en: string;
}

/** The warnings for the headers none of `known` is; a slip of the keyboard names the header meant. */
export function unknownColumns(headers: string[], known: (header: string) => boolean, offered: string[]): ImportWarning[] {
  return headers
    .filter((h) => h !== '' && !known(h))
    .map((header) => {
      const hint = didYouMean(header, offered);
      return {
        column: header,
        zh: `列「${header}」不在事实词汇表中，该列未导入${hint.zh}`,
        en: `column "${header}" names no fact of the vocabulary and was not imported${hint.en}`,
      };
    });
}
