import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { jianchaInProcess as jiancha } from '../test/fixtures/cli.ts';
import { fixtureProject } from '../test/fixtures/project.ts';
import { loadPlugins } from './registry.ts';

function tempFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'jiancha-province-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const scaffold = (out: string, ...more: string[]) =>
  jiancha(['new-plugin', 'sichuan-chengdu', '--name', '四川省成都市', '--division-code', '510100', '--out', out, ...more]);

describe('jiancha new-plugin', () => {
  it('scaffolds a plugin folder outside jiancha that validates and passes its test cases at once, loaded through JIANCHA_PLUGINS', async () => {
    const plugin = join(tempFolder(), 'sichuan-chengdu');
    const made = await scaffold(plugin);
    expect(made.code).toBe(0);
    for (const file of [
      'plugin.json',
      'campaign.schema.json',
      'campaign.example.json',
      'templates/notice.hbs',
      'README.md',
      ...['jurisdiction', 'documents', 'sampling', 'review', 'grading', 'cadence'].flatMap((d) => [`rulesets/${d}.json`, `rulesets/tests/${d}.json`]),
    ]) {
      expect(existsSync(join(plugin, file)), file).toBe(true);
      expect(made.stdout).toContain(`${plugin}/${file}`);
    }
    const before = process.env.JIANCHA_PLUGINS;
    process.env.JIANCHA_PLUGINS = plugin;
    try {
      expect(await jiancha(['validate', 'sichuan-chengdu'])).toMatchObject({ code: 0, stdout: expect.stringContaining('通过：1 个插件，6 个规则集') });
      const tested = await jiancha(['test-plugin', 'sichuan-chengdu']);
      expect(tested).toMatchObject({ code: 0, stdout: expect.stringContaining('7 passed, 0 failed') });
      // its notice renders from its example settings, issued by its own bureau
      const notice = await jiancha(['render', 'notice', '--plugin', 'sichuan-chengdu', '--settings', join(plugin, 'campaign.example.json')]);
      expect(notice.code).toBe(0);
      expect(notice.stdout).toContain('四川省成都市人力资源和社会保障局文件');
      expect(notice.stdout).toContain('注册地在四川省成都市的用人单位由四川省成都市人力资源和社会保障局管辖');
      // and a campaign may be created from the example
      const db = join(dirname(plugin), 'j.db');
      const args = ['--plugin', 'sichuan-chengdu', '--year', String(JSON.parse(readFileSync(join(plugin, 'campaign.example.json'), 'utf8')).year)];
      expect(
        await jiancha(['campaign', 'create', ...args, '--bureau', 'sichuan-chengdu', '--settings', join(plugin, 'campaign.example.json'), '--db', db]),
      ).toMatchObject({
        code: 0,
      });
    } finally {
      if (before === undefined) delete process.env.JIANCHA_PLUGINS;
      else process.env.JIANCHA_PLUGINS = before;
    }
  });

  it("writes a $schema into each JSON file that an editor resolves to jiancha's core/schemas", async () => {
    const plugin = join(tempFolder(), 'sichuan-chengdu');
    await scaffold(plugin);
    for (const [file, schema] of [
      ['plugin.json', 'plugin.schema.json'],
      ['rulesets/grading.json', 'ruleset.schema.json'],
      ['rulesets/tests/grading.json', 'testcases.schema.json'],
    ]) {
      const written = JSON.parse(readFileSync(join(plugin, file), 'utf8')).$schema;
      expect(resolve(dirname(join(plugin, file)), written)).toBe(resolve(import.meta.dirname, 'schemas', schema));
    }
  });

  it('with --root writes beside the shipped plugins, and the root loads it', async () => {
    const p = fixtureProject({ copyReal: true });
    const made = await jiancha(['new-plugin', 'sichuan-chengdu', '--name', '四川省成都市', '--division-code', '510100', '--root', p.root]);
    expect(made.stdout).toContain('plugins/sichuan-chengdu/plugin.json');
    const { registry, errors } = await loadPlugins(p.root);
    expect(errors).toEqual([]);
    expect(registry.get('sichuan-chengdu').manifest).toMatchObject({
      extends: 'national',
      decisions: ['jurisdiction', 'documents', 'sampling', 'review', 'grading', 'cadence'],
    });
  });

  it('refuses an existing plugin, a bad id and a bad division code with exit 2', async () => {
    const out = tempFolder();
    const taken = await jiancha(['new-plugin', 'national', '--name', '全国', '--division-code', '110000', '--out', join(out, 'n')]);
    expect(taken).toMatchObject({ code: 2, stderr: expect.stringMatching(/插件 national 已存在/) });
    const badId = await jiancha(['new-plugin', 'Bad_Id', '--name', '某地', '--division-code', '110000', '--out', join(out, 'b')]);
    expect(badId).toMatchObject({ code: 2, stderr: expect.stringMatching(/只能用小写字母/) });
    const badCode = await jiancha(['new-plugin', 'beijing', '--name', '北京市', '--division-code', '1100', '--out', join(out, 'c')]);
    expect(badCode).toMatchObject({ code: 2, stderr: expect.stringMatching(/行政区划代码 "1100" 应为六位数字/) });
    expect(existsSync(join(out, 'c'))).toBe(false);
  });
});
