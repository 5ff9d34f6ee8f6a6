import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

const roots = ['core', 'plugins', 'server', 'cli', 'test'];

export default defineConfig({
  test: {
    // vitest's default, one worker less than the cores, is a single worker on a 2-core machine; most
    // files wait on chromium, a spawned CLI or a server as much as they compute, so two overlap well
    // (the suite 216 s → 132 s here, its slowest test 4.8 s against the 60 s timeout)
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // cheap password hashes for the suite and the processes it spawns (core/services/passwords.ts)
    env: { JIANCHA_TEST_SCRYPT_N: '1024' },
    globalSetup: ['test/standaloneValidators.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'main', include: roots.map((r) => `${r}/**/*.test.ts`), exclude: [...configDefaults.exclude, '**/*.pg.test.ts'] },
      },
      {
        // the files that need a PostgreSQL server: its global setup starts one only when one of them runs
        extends: true,
        test: { name: 'postgres', include: roots.map((r) => `${r}/**/*.pg.test.ts`), globalSetup: ['test/postgresCluster.ts'] },
      },
    ],
  },
});
