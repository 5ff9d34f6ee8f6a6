/** The jiancha command as a user runs it: its stdout, stderr and exit code, in this process (runCli) and as a real process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../core/registry.ts';
import { jianchaInProcess } from '../test/fixtures/cli.ts';

const jiancha = jianchaInProcess;

/** The installed binary in a real process, for what only a process shows: its exit code and streams. */
function spawned(args: string[]) {
  const r = spawnSync(process.execPath, [join(projectRoot, 'bin/jiancha.js'), ...args], { encoding: 'utf8', cwd: projectRoot });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('jiancha decide', () => {
  it('prints one JSON object with plugin, decision, at, result and trace', async () => {
    // 昌州人社发〔2025〕4号 五、（二）：无故逾期书面审查的单位，企业守法诚信等级评价不得评定为A级
    const facts = JSON.stringify({ unitType: 'enterprise', punishedCount: 0, writtenReview: { overdue: true } });
    const r = await jiancha(['decide', 'xinjiang-changji', 'grading', '--facts', '-', '--at', '2025-03-03'], facts);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['plugin', 'decision', 'at', 'result', 'trace', 'pluginVersion', 'rulesetHash']));
    expect(out).toMatchObject({
      plugin: 'xinjiang-changji',
      decision: 'grading',
      at: '2025-03-03',
      result: { grade: 'B', reasons: [{ rule: 'overdue-not-a' }] },
    });
  });

  it('reads facts from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-cli-'));
    writeFileSync(join(dir, 'facts.json'), JSON.stringify({ grade: 'C' }));
    const r = await jiancha(['decide', 'xinjiang-changji', 'cadence', '--facts', join(dir, 'facts.json'), '--at', '2025-03-03']);
    expect(r.code).toBe(0);
    // 六、（三）：对于被评为C级的企业，每季度进行一次日常巡视检查，并……进行约谈
    expect(JSON.parse(r.stdout).result).toMatchObject({ patrolsPerYear: 4, interview: true });
  });

  it.each([
    [['decide', 'beijing', 'grading'], '', /没有插件 "beijing".*unknown plugin "beijing"/],
    [['decide', 'national', 'jurisdiction'], '', /没有决策 "jurisdiction".*has no decision "jurisdiction"/],
    [
      ['decide', 'national', 'grading', '--facts', '-'],
      '{"unitType": "enterprise", "headcount": -3, "punishedCount": 0}',
      /\/headcount.*\/headcount must be >= 0/,
    ],
    [['decide', 'national', 'grading', '--facts', '-'], '{"unitType": "enterprise",}', /stdin.*第 1 行.*not valid JSON \(line 1/],
    [['decide', 'national', 'grading', '--facts', '-'], '{"unitType": "enterprise"}', /缺少事实：punishedCount.*missing fact\(s\): punishedCount/],
    [['decide', 'national', 'grading', '--facts', '/no/such/file.json'], '', /无法读取文件.*cannot read file/],
    [['decide', 'national', 'grading', '--at', '2024-13-01'], '', /日期 "2024-13-01" 无效/],
    [['decide', 'national'], '', /用法.*usage/],
    [['decide', 'national', 'grading', '--colour'], '', /参数错误.*bad arguments/],
  ])('bad input %j exits 2 with one line in Chinese and English', async (args, input, message) => {
    const r = await jiancha(args as string[], input as string);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message as RegExp);
    noStack(r.stderr);
  });
});

describe('jiancha plugins, validate, test-plugin', () => {
  it('lists the plugins with what they extend, their decisions and bureaus', async () => {
    const r = await jiancha(['plugins', '--json']);
    expect(r.code).toBe(0);
    const plugins = JSON.parse(r.stdout);
    expect(plugins.map((p: { id: string; extends: string | null }) => [p.id, p.extends])).toEqual([
      ['chongqing-jiangjin', 'national'],
      ['national', null],
      ['xinjiang-changji', 'national'],
    ]);
    // 昌吉通知 lists ten bureaus with their telephones
    expect(plugins[2].bureaus).toHaveLength(10);
  });

  it('validates every plugin and ruleset', async () => {
    const r = await jiancha(['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/通过：3 个插件/);
  });

  it('runs the plugins’ own test cases', async () => {
    const r = await jiancha(['test-plugin', 'xinjiang-changji']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  });

  it('an unknown command exits 2 and shows the commands, from the real binary', () => {
    const r = spawned(['grade-everyone']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/未知命令 "grade-everyone"/);
    expect(r.stderr).toMatch(/jiancha decide/);
  });
});

describe('jiancha as a real process', () => {
  it('bad input exits 2 with one line and no stack', () => {
    const r = spawned(['decide', 'beijing', 'grading']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/没有插件 "beijing"/);
    noStack(r.stderr);
  });
});

describe('commands run one after another in one process', () => {
  it('each closes the database it opened', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'jiancha-cli-')), 'jiancha.db');
    const close = vi.spyOn(Database.prototype, 'close');
    try {
      expect((await jiancha(['campaign', 'list', '--db', db])).code).toBe(0);
      expect((await jiancha(['campaign', 'list', '--db', db])).code).toBe(0);
      expect(close).toHaveBeenCalledTimes(2);
    } finally {
      close.mockRestore();
    }
  });
});
