import { configDefaults, defineConfig } from 'vitest/config';

const roots = ['core', 'plugins', 'server', 'cli', 'test'];

export default defineConfig({
  test: {
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
