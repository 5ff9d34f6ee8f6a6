/**
 * bin/launch.js runs dist/ only when it is built and no source changed after it, and says which
 * source did: a developer who edits without `npm run build` learns why the CLI is slow.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../core/projectRoot.ts';

// a checkout of its own: launch.js finds the project from where it sits
const root = mkdtempSync(join(tmpdir(), 'jiancha-launch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'bin'));
copyFileSync(join(projectRoot, 'bin/launch.js'), join(root, 'bin/launch.js'));
const file = (path: string, seconds: number) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), '');
  utimesSync(join(root, path), seconds, seconds);
};
const { staleness } = (await import(join(root, 'bin/launch.js'))) as { staleness: (entry: string) => string | undefined };

describe('whether dist/ can run', () => {
  it('not built: no', () => {
    file('cli/main.ts', 1000);
    expect(staleness('cli/main.ts')).toBe('dist/ is not built');
  });

  it('built after every source: yes', () => {
    file('core/deep/rule.ts', 1500);
    file('dist/cli/main.js', 2000);
    expect(staleness('cli/main.ts')).toBeUndefined();
  });

  it('a source edited after the build: no, naming it', () => {
    file('server/console/page.tsx', 3000);
    expect(staleness('cli/main.ts')).toBe(`${join('server', 'console', 'page.tsx')} changed after the build`);
  });
});
