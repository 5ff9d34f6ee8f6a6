/** JIANCHA_DB and --db: a file path or a PostgreSQL URL; any other URL a clear error, never a folder made beside the project. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JianchaError } from '../errors.ts';
import { projectRoot } from '../projectRoot.ts';
import { dbLocation, shownLocation } from './location.ts';

const refusal = (value: string) => {
  try {
    dbLocation(value);
  } catch (err) {
    return err as JianchaError;
  }
  throw new Error(`${value} was accepted`);
};

describe('dbLocation', () => {
  it('takes a path, a Windows path or :memory: for a SQLite file', () => {
    expect(dbLocation('data/j.db')).toEqual({ dialect: 'sqlite', path: 'data/j.db' });
    expect(dbLocation('/var/lib/jiancha/j.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/jiancha/j.db' });
    expect(dbLocation('C:\\jiancha\\j.db')).toEqual({ dialect: 'sqlite', path: 'C:\\jiancha\\j.db' });
    expect(dbLocation(':memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
  });

  it('takes postgres:// and postgresql:// URLs, with a host or a socket folder', () => {
    expect(dbLocation('postgres://u:p@db.example:5432/jiancha')).toEqual({ dialect: 'postgres', url: 'postgres://u:p@db.example:5432/jiancha' });
    expect(dbLocation('postgresql://u@localhost/j').dialect).toBe('postgres');
    expect(dbLocation('POSTGRESQL://u@localhost/j').dialect).toBe('postgres');
    expect(dbLocation('postgresql:///j?host=/run/postgresql').dialect).toBe('postgres');
  });

  it('refuses another kind of URL, in Chinese and English, naming only its scheme', () => {
    for (const [value, scheme] of [
      ['mysql://root:secret@db/j', 'mysql'],
      ['http://example.org/j.db', 'http'],
      ['file:///tmp/j.db', 'file'],
    ]) {
      const err = refusal(value);
      expect(err).toBeInstanceOf(JianchaError);
      expect(err.zh).toContain(`不支持的数据库地址 ${scheme}:`);
      expect(err.en).toContain('postgres://');
      expect(err.message).not.toContain('secret');
    }
  });

  it('refuses a PostgreSQL URL without a host, and an empty location', () => {
    expect(refusal('postgres://').zh).toContain('PostgreSQL 地址格式不对');
    expect(refusal('postgresql:j').zh).toContain('PostgreSQL 地址格式不对');
    expect(refusal('').zh).toContain('数据库位置为空');
  });

  it('prints a URL without its password', () => {
    expect(shownLocation(dbLocation('postgres://u:secret@db:5432/j'))).toBe('postgres://u:***@db:5432/j');
  });
});

/** A real process in a folder of its own: what it prints, its exit code, and what it left in the folder. */
function run(script: string, args: string[], env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'jiancha-location-'));
  const r = spawnSync(process.execPath, [join(projectRoot, script), ...args], { encoding: 'utf8', cwd, env: { ...process.env, ...env }, timeout: 30_000 });
  return { code: r.status, stderr: r.stderr, left: readdirSync(cwd) };
}

describe('the CLI and npm start', () => {
  it('the CLI refuses a PostgreSQL URL until the services run on it, and makes no folder called postgresql:', () => {
    const r = run('bin/jiancha.js', ['campaign', 'list', '--db', 'postgresql://u:secret@db.example/j'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PostgreSQL 存储尚不能供各项服务使用');
    expect(r.stderr).not.toContain('secret');
    expect(r.left).toEqual([]);
  });

  it('the CLI refuses a mysql:// URL', () => {
    const r = run('bin/jiancha.js', ['campaign', 'list', '--db', 'mysql://db/j'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不支持的数据库地址 mysql:');
    expect(r.left).toEqual([]);
  });

  it('npm start refuses JIANCHA_DB=postgres://… with the same message and exit code 2, without a stack', () => {
    const r = run('bin/server.js', [], { JIANCHA_DB: 'postgres://u@db.example/j', PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('JIANCHA_DB: PostgreSQL 存储尚不能供各项服务使用');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.left).toEqual([]);
  });
});
