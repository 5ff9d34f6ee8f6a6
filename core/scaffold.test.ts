import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.ts';
import { fixtureProject } from '../test/fixtures/project.ts';
import { Decider } from './decide.ts';
import { loadPlugins } from './registry.ts';
import { loadTestFiles, runTestCase } from './testCases.ts';

const io = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), readStdin: async () => '' } };
};

describe('jiancha new-plugin', () => {
  it('scaffolds a plugin that validates and passes its starter test cases', async () => {
    const p = fixtureProject({ copyReal: true });
    const { out, io: cli } = io();
    expect(await runCli(['new-plugin', 'sichuan-chengdu', '--name', '四川省成都市', '--division-code', '510100', '--root', p.root], cli)).toBe(0);
    expect(out.stdout).toContain('plugins/sichuan-chengdu/plugin.json');
    const { registry, errors } = await loadPlugins(p.root);
    expect(errors).toEqual([]);
    const plugin = registry.get('sichuan-chengdu');
    expect(plugin.manifest).toMatchObject({ extends: 'national', decisions: ['sampling', 'review', 'grading', 'cadence'] });
    const decider = new Decider(registry);
    const files = loadTestFiles(plugin, p.root);
    expect(files.map((f) => f.decision).sort()).toEqual(['cadence', 'grading', 'review', 'sampling']);
    for (const file of files) for (const tc of file.cases) expect((await runTestCase(decider, plugin.id, file, tc)).problems).toEqual([]);
  });

  it('refuses an existing plugin or a bad id with exit 2', async () => {
    const p = fixtureProject({ copyReal: true });
    const first = io();
    expect(await runCli(['new-plugin', 'national', '--name', '全国', '--root', p.root], first.io)).toBe(2);
    expect(first.out.stderr).toMatch(/插件 national 已存在/);
    const second = io();
    expect(await runCli(['new-plugin', 'Bad_Id', '--name', '某地', '--root', p.root], second.io)).toBe(2);
    expect(second.out.stderr).toMatch(/只能用小写字母/);
  });
});
