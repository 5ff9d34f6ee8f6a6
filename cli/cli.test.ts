/** The jiancha command as a user runs it: its stdout, stderr and exit code, in this process (runCli) and as a real process. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../core/registry.ts';
import { jianchaInProcess } from '../test/fixtures/cli.ts';
import { ruleset } from '../test/fixtures/project.ts';

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

  it('a reader that closes the pipe early (`jiancha plugins | head`) ends it quietly, exit 0 and no stack', () => {
    // `true` reads nothing and is gone before the CLI writes, so the write meets a closed pipe
    const r = spawnSync('bash', ['-c', `"${process.execPath}" bin/jiancha.js plugins | true; echo "exit \${PIPESTATUS[0]}" >&2`], {
      encoding: 'utf8',
      cwd: projectRoot,
    });
    expect(r.stderr).not.toMatch(/EPIPE|at .*\(/);
    expect(r.stderr).toMatch(/^exit 0$/m);
  });
});

describe('every problem printed, not their count', () => {
  it("campaign create names each setting that breaks the plugin's campaign schema", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-cli-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ year: 'next', ratios: { all: 2 } }));
    const args = ['--plugin', 'xinjiang-changji', '--year', '2024', '--bureau', 'changji-prefecture', '--settings', join(dir, 'settings.json')];
    const r = await jiancha(['campaign', 'create', ...args, '--db', join(dir, 'j.db')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/活动设置有 \d+ 处错误/);
    // one line per problem after the count, each with its JSON pointer
    expect(lines.length).toBeGreaterThan(2);
    // each named by the schema's Chinese title, its bound in words (the year is an integer, a ratio at most 1)
    expect(r.stderr).toMatch(/^ {2}\/settings\/year: 「被审查年度」应当是整数/m);
    expect(r.stderr).toMatch(/^ {2}\/settings\/ratios\/all: 「抽取比例·all」应当不大于 1/m);
    expect(r.stderr).toMatch(/^ {2}\/settings\/noticeDate: 「通知成文日期」必须填写/m);
  });

  it('test-plugin names each broken ruleset file and pointer when the plugins do not load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-outside-'));
    mkdirSync(join(dir, 'rulesets'));
    writeFileSync(
      join(dir, 'plugin.json'),
      JSON.stringify({ id: 'sichuan-chengdu', name: '四川省成都市', version: '0.1.0', jiancha: '>=0.1', extends: 'national', decisions: ['grading'] }),
    );
    const rule = (name: string, fact: string, operator: string) => ({
      name,
      conditions: { all: [{ fact, operator, value: 3 }] },
      event: { type: 'grade', params: { grade: 'C', reason: '查处三次', basis: '人社部规〔2016〕1号 第七条' } },
    });
    writeFileSync(
      join(dir, 'rulesets', 'grading.json'),
      JSON.stringify(ruleset('sichuan-chengdu', 'grading', [rule('one', 'punishedCount', 'equals'), rule('two', 'punishedCont', 'equal')])),
    );
    const r = await jiancha(['test-plugin', 'sichuan-chengdu', '--plugins', dir]);
    expect(r.code).toBe(2);
    const file = join(dir, 'rulesets', 'grading.json');
    expect(r.stderr).toContain(`  ${file}#/rules/0/conditions/all/0/operator: 未知运算符 "equals"`);
    expect(r.stderr).toContain(`  ${file}#/rules/1/conditions/all/0/fact: 未知事实 "punishedCont"`);
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

describe('jiancha --help', () => {
  it('lists every command with its summary on the line below, no line padded to the longest usage', async () => {
    const r = await jiancha(['--help']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const usage = lines.findIndex((l) => l.startsWith('  jiancha draw '));
    expect(lines[usage + 1].trim()).toBe('以公布的种子抽取审查名单（双随机）(draw the review plan)');
    // the longest usage (objection) once padded every line to about 250 characters
    expect(lines.filter((l) => / {4}\S/.test(l.trimStart()) || l.length > 250)).toEqual([]);
  });
});
