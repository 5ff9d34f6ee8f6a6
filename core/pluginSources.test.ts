import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { jianchaInProcess } from '../test/fixtures/cli.ts';
import { gradeRule, ruleset } from '../test/fixtures/project.ts';
import { Decider } from './decide.ts';
import { createRenderer } from './render/render.ts';
import type { ErrorDetail } from './errors.ts';
import { pluginSources } from './pluginSources.ts';
import { jianchaVersion, projectRoot } from './projectRoot.ts';
import { loadPlugins } from './registry.ts';
import { loadTestFiles, runTestCase } from './testCases.ts';

/** A province's own folder, outside jiancha: plugin.json, its rulesets, test cases and templates beside it. */
function outsideFolder(manifest: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'jiancha-outside-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, value: unknown) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  write('plugin.json', {
    id: 'sichuan-chengdu',
    name: '四川省成都市',
    version: '0.1.0',
    jiancha: '>=0.1',
    extends: 'national',
    decisions: ['grading'],
    ...manifest,
  });
  // 人社部规〔2016〕1号 第七条：因劳动保障违法行为被查处三次以上（含三次）的，评为C级
  write(
    'rulesets/grading.json',
    ruleset('sichuan-chengdu', 'grading', [
      gradeRule(
        'punished-three-times',
        'C',
        { all: [{ fact: 'punishedCount', operator: 'greaterThanInclusive', value: 3 }] },
        '人社部规〔2016〕1号 第七条',
        100,
      ),
    ]),
  );
  write('rulesets/tests/grading.json', {
    decision: 'grading',
    at: '2024-08-02',
    cases: [
      {
        name: '查处三次评为C级',
        clause: '人社部规〔2016〕1号 第七条：因劳动保障违法行为被查处三次以上（含三次）的，评为C级',
        facts: { unitType: 'enterprise', punishedCount: 3 },
        expect: { grade: 'C' },
      },
    ],
  });
  write('templates/partials/formContact.hbs', '<p>成都联系人：{{contact}}</p>');
  write('templates/contactSheet.hbs', '<h1>联系</h1>{{> formContact}}');
  return { dir, write };
}

describe('plugins outside the repository', () => {
  it('loads a plugin folder given by path, with its own rulesets, test cases and templates', async () => {
    const { dir } = outsideFolder();
    const { registry, errors } = await loadPlugins(undefined, { plugins: [dir] });
    expect(errors).toEqual([]);
    const plugin = registry.get('sichuan-chengdu');
    expect(plugin.parent?.id).toBe('national');
    expect(plugin.rulesets.map((r) => r.file)).toEqual([join(dir, 'rulesets/grading.json')]);
    const [file] = loadTestFiles(plugin, registry.root);
    expect(file.file).toBe(join(dir, 'rulesets/tests/grading.json'));
    expect((await runTestCase(new Decider(registry), plugin.id, file, file.cases[0])).problems).toEqual([]);
    // its own template, with its partial in the place of the common one
    expect(createRenderer(plugin).render('contactSheet', { contact: '李四' })).toBe('<h1>联系</h1><p>成都联系人：李四</p>');
  });

  it('validates and runs its test cases through JIANCHA_PLUGINS and through --plugins', async () => {
    const { dir } = outsideFolder();
    const before = process.env.JIANCHA_PLUGINS;
    process.env.JIANCHA_PLUGINS = dir;
    try {
      expect(await jianchaInProcess(['validate', 'sichuan-chengdu'])).toMatchObject({ code: 0, stdout: expect.stringContaining('通过：1 个插件') });
    } finally {
      if (before === undefined) delete process.env.JIANCHA_PLUGINS;
      else process.env.JIANCHA_PLUGINS = before;
    }
    const tested = await jianchaInProcess(['test-plugin', 'sichuan-chengdu', '--plugins', dir]);
    expect(tested).toMatchObject({ code: 0, stdout: expect.stringContaining('1 passed, 0 failed') });
    // the option is for one command: without it the plugin is unknown again
    expect((await jianchaInProcess(['test-plugin', 'sichuan-chengdu'])).stderr).toMatch(/没有插件 "sichuan-chengdu"/);
  });

  it('refuses a plugin whose jiancha range this version is outside of, or that states none', async () => {
    const { dir, write } = outsideFolder({ jiancha: '>=99.0' });
    let { errors } = await loadPlugins(undefined, { plugins: [dir] });
    expect(errors).toContainEqual({
      file: join(dir, 'plugin.json'),
      pointer: '/jiancha',
      zh: `插件需要 jiancha >=99.0，当前为 ${jianchaVersion}`,
      en: `the plugin needs jiancha >=99.0; this is jiancha ${jianchaVersion}`,
    });
    write('plugin.json', { id: 'sichuan-chengdu', name: '四川省成都市', version: '0.1.0', decisions: ['grading'] });
    ({ errors } = await loadPlugins(undefined, { plugins: [dir] }));
    expect(errors).toContainEqual(expect.objectContaining({ file: join(dir, 'plugin.json'), pointer: '/jiancha', en: expect.stringMatching(/must state/) }));
    write('plugin.json', { id: 'sichuan-chengdu', name: '四川省成都市', version: '0.1.0', jiancha: 'soon', decisions: ['grading'] });
    ({ errors } = await loadPlugins(undefined, { plugins: [dir] }));
    expect(errors).toContainEqual(expect.objectContaining({ pointer: '/jiancha', en: '"soon" is not a valid semver range' }));
  });

  it('names a path that is neither a folder nor an installed package, and a plugin given twice', async () => {
    const { dir } = outsideFolder({ id: 'national' });
    const cli = await jianchaInProcess(['validate', '--plugins', `/no/such/folder:${dir}`]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('/no/such/folder: JIANCHA_PLUGINS 或 --plugins 中的 "/no/such/folder" 既不是文件夹，也不是已安装的 npm 包');
    expect(cli.stderr).toContain(`${join(dir, 'plugin.json')}#/id: 插件 "national" 已由 plugins/national/plugin.json 提供`);
  });

  it('finds an npm package by name in node_modules of the working folder or one above', async () => {
    const { dir } = outsideFolder();
    const project = mkdtempSync(join(tmpdir(), 'jiancha-province-'));
    onTestFinished(() => rmSync(project, { recursive: true, force: true }));
    mkdirSync(join(project, 'node_modules'));
    mkdirSync(join(project, 'scripts'));
    renameSync(dir, join(project, 'node_modules', 'jiancha-plugin-chengdu'));
    const errors: ErrorDetail[] = [];
    const found = pluginSources(join(projectRoot, 'no-such-root'), ['jiancha-plugin-chengdu'], errors, join(project, 'scripts'));
    expect(errors).toEqual([]);
    expect(found.map((s) => s.folders.dir)).toEqual([join(project, 'node_modules', 'jiancha-plugin-chengdu')]);
    expect(found[0].folders.rulesets).toBe(join(project, 'node_modules', 'jiancha-plugin-chengdu', 'rulesets'));
  });
});
