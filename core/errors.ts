/**
 * The one error type jiancha shows to users. Every message exists in Chinese (for bureau staff) and
 * English (for developers); `code` is stable so the CLI and the API can map it to an exit code or an
 * HTTP status without parsing text.
 */
export type ErrorCode =
  | 'unknown-plugin'
  | 'unknown-decision'
  | 'invalid-facts'
  | 'missing-fact'
  | 'invalid-json'
  | 'invalid-ruleset'
  | 'invalid-plugin'
  | 'no-ruleset-in-force'
  | 'invalid-date'
  | 'invalid-input'
  | 'invalid-query'
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'password-change-required'
  | 'unauthorized';

export interface ErrorDetail {
  /** file the problem is in, when there is one */
  file?: string;
  /** JSON pointer (RFC 6901) into that file or into the submitted facts */
  pointer?: string;
  zh: string;
  en: string;
}

export class JianchaError extends Error {
  readonly code: ErrorCode;
  readonly zh: string;
  readonly en: string;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, zh: string, en: string, details: ErrorDetail[] = []) {
    super(`${zh} (${en})`);
    this.name = 'JianchaError';
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }
}

/** One problem on one line, Chinese then English, as the CLI prints it. */
export function formatDetail(d: ErrorDetail): string {
  return `${where(d)}${d.zh} (${d.en})`;
}

function where(d: ErrorDetail): string {
  if (d.file && d.pointer !== undefined) return `${d.file}#${d.pointer}: `;
  if (d.file) return `${d.file}: `;
  if (d.pointer !== undefined) return `${d.pointer || '/'}: `;
  return '';
}
