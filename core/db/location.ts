/**
 * Where the database is, as JIANCHA_DB or --db gives it: a SQLite file path (or ':memory:'), or a
 * PostgreSQL server's postgres:// or postgresql:// URL. Any other URL is refused here, where before
 * it was taken for a file name and made a folder such as `postgresql:` beside the project.
 */
import { join } from 'node:path';
import { JianchaError } from '../errors.ts';
import { projectRoot } from '../projectRoot.ts';

export type DbLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** A scheme of two letters or more then ':' (one letter is a Windows drive, C:\…). */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

export function dbLocation(value: string): DbLocation {
  if (!value.trim())
    throw new JianchaError(
      'invalid-input',
      '数据库位置为空：须为文件路径或 postgres:// 地址',
      'the database location is empty: give a file path or a postgres:// URL',
    );
  const scheme = SCHEME.exec(value)?.[1].toLowerCase();
  if (scheme === undefined) return { dialect: 'sqlite', path: value };
  if (scheme !== 'postgres' && scheme !== 'postgresql')
    throw new JianchaError(
      'invalid-input',
      `不支持的数据库地址 ${scheme}:…：须为 SQLite 文件路径或 postgres:// / postgresql:// 地址`,
      `unsupported database URL ${scheme}:…: give a SQLite file path or a postgres:// or postgresql:// URL`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  // the URL is not repeated: it may hold a password
  if (!url.protocol.startsWith('postgres') || (!url.hostname && !url.searchParams.has('host')))
    throw new JianchaError(
      'invalid-input',
      'PostgreSQL 地址格式不对，应为 postgres://用户:密码@主机:端口/数据库',
      'malformed PostgreSQL URL: expected postgres://user:password@host:port/database',
    );
  return { dialect: 'postgres', url: value };
}

/** JIANCHA_DB, or ./data/jiancha.db beside the project. */
export function defaultDbLocation(): string {
  return process.env.JIANCHA_DB ?? join(projectRoot, 'data', 'jiancha.db');
}

/** The location as it may be printed: a URL without its password. */
export function shownLocation(location: DbLocation): string {
  if (location.dialect === 'sqlite') return location.path;
  const url = new URL(location.url);
  if (url.password) url.password = '***';
  return url.toString();
}
