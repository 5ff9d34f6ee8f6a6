/**
 * Issue 11's start-up benchmark: the wall time of a CLI command from spawn to exit, the median of
 * several runs, against a bare `node -e 0` (target: within 5×). bin/jiancha.js runs dist/ when it is
 * fresh; after an edit without `npm run build` it runs through tsx, and this prints which.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../core/registry.ts';
import { table, type BenchSuite } from './suite.ts';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 9);

function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, JIANCHA_DEBUG: '' } });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export const cli: BenchSuite = {
  name: 'cli',
  title: `CLI start-up, median of ${RUNS} runs, against a bare node`,
  async run() {
    const bin = join(projectRoot, 'bin/jiancha.js');
    const probe = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { staleness } from ${JSON.stringify(join(projectRoot, 'bin/launch.js'))}; process.stdout.write(staleness('cli/main.ts') ?? '')`,
      ],
      { encoding: 'utf8' },
    );
    console.log(
      probe.stdout === ''
        ? 'running compiled dist/'
        : `dist/ missing or stale (${probe.stdout}): running through tsx (npm run build to measure the shipped CLI)`,
    );
    const bare = medianMs(['-e', '0']);
    const rows = [
      { command: 'node -e 0', ms: bare },
      { command: 'jiancha --help', ms: medianMs([bin, '--help']) },
      { command: 'jiancha plugins', ms: medianMs([bin, 'plugins']) },
      { command: 'jiancha validate', ms: medianMs([bin, 'validate']) },
    ];
    table(rows.map((r) => ({ command: r.command, 'ms (median)': Math.round(r.ms), '× node -e 0': (r.ms / bare).toFixed(1) })));
  },
};
