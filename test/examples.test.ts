/** The numbered examples are documentation that runs: each must still run and say what it shows. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../core/registry.ts';

const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'examples', file)], { encoding: 'utf8', cwd: projectRoot });

describe('examples/', () => {
  it('01 grades an employer punished once as B 基本诚信 (第七条)', () => {
    const r = run('01-grade-an-employer.ts');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^等级 B（基本诚信）/);
    expect(r.stdout).toContain('第七条');
  });

  it('02 shows overdue-not-a and a-compliant fired for a late 昌吉 enterprise', () => {
    const r = run('02-why-not-a.ts');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^等级 B/);
    expect(r.stdout).toMatch(/✓ overdue-not-a/);
    expect(r.stdout).toMatch(/· b-punished/);
  });

  it('03 sends a 高新区 enterprise to its zone bureau with the dispatch documents', () => {
    const r = run('03-jurisdiction-and-documents.ts');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^管辖：昌吉高新技术产业开发区组织部/);
    expect(r.stdout).toContain('[审核时携带] 劳务派遣协议及派遣员工花名册');
  });
});
