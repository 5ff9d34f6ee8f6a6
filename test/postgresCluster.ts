/**
 * vitest's global setup for the PostgreSQL test files (*.pg.test.ts): JIANCHA_TEST_PG when given,
 * else a private cluster started from the installed binaries (initdb into a temporary folder,
 * listening on a Unix socket in it and nowhere else), stopped and removed when the tests end.
 * initdb refuses to run as root, so as root the cluster runs as the `postgres` user (or `nobody`).
 * Without binaries the files fail with how to install them (test/fixtures/postgres.ts), not skipped.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);

export type TestPostgres = { url: string } | { problem: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestPostgres;
  }
}

/** The folder with initdb and pg_ctl: on PATH, or Debian's newest /usr/lib/postgresql/N/bin. */
function binaries(): string | undefined {
  const hasBoth = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  const onPath = (process.env.PATH ?? '').split(delimiter).find((dir) => dir && hasBoth(dir));
  if (onPath) return onPath;
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  return readdirSync(debian)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(debian, v, 'bin'))
    .find(hasBoth);
}

/** Who runs the cluster: this process's user, or for root an unprivileged one. */
async function clusterUser(): Promise<{ name: string; uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
      return { name, uid: Number(uid.stdout), gid: Number(gid.stdout) };
    } catch {
      // no such user: the next
    }
  }
  throw new Error('no unprivileged user (postgres, nobody) to run the test cluster as root');
}

export async function startCluster(bin: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'jiancha-pg-'));
  const data = join(dir, 'data');
  const user = await clusterUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const as = (command: string, args: string[]) => (user ? run('runuser', ['-u', user.name, '--', join(bin, command), ...args]) : run(join(bin, command), args));
  const options = `-c listen_addresses='' -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  try {
    await as('initdb', ['-D', data, '-U', 'jiancha', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    await as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', 'start']);
  } catch (err) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the test cluster did not start: ${(err as Error).message}\n${log}`);
  }
  return {
    url: `postgresql://jiancha@localhost/postgres?host=${encodeURIComponent(dir)}`,
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  const given = process.env.JIANCHA_TEST_PG;
  if (given) return project.provide('postgres', { url: given });
  const bin = binaries();
  if (!bin) {
    project.provide('postgres', {
      problem:
        '未找到 PostgreSQL（initdb、pg_ctl）：请安装 (apt-get install postgresql)，或以 JIANCHA_TEST_PG=postgres://… 指定测试用的服务器 ' +
        '(no PostgreSQL binaries found: install them, e.g. apt-get install postgresql, or give a server for the tests in JIANCHA_TEST_PG)',
    });
    return;
  }
  try {
    const cluster = await startCluster(bin);
    project.provide('postgres', { url: cluster.url });
    return cluster.stop;
  } catch (err) {
    project.provide('postgres', { problem: (err as Error).message });
  }
}
