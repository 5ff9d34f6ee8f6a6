/** jiancha render as a user runs it (runCli in this process, its output captured): the forms from a --data file or stdin, bad names and data exit 2. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegistry } from '../core/registry.ts';
import { formSamples } from '../core/render/samples.ts';
import { jianchaInProcess } from '../test/fixtures/cli.ts';

const jiancha = jianchaInProcess;

const SETTINGS = ['--plugin', 'chongqing-jiangjin', '--settings', 'plugins/chongqing-jiangjin/campaign.example.json'];
// 江津's own samples (plugins/chongqing-jiangjin/samples.json)
const advice = formSamples((await loadRegistry()).get('chongqing-jiangjin')).rectificationAdvice;
const dir = mkdtempSync(join(tmpdir(), 'jiancha-render-'));
const dataFile = join(dir, 'advice.json');
writeFileSync(dataFile, JSON.stringify(advice));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jiancha render <form> --data', () => {
  it('prints the rectification advice as HTML from a data file', async () => {
    const r = await jiancha(['render', 'rectificationAdvice', ...SETTINGS, '--data', dataFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toMatch(/<div class="issuer-mark"[^>]*><span[^>]*>重庆市江津区人力资源和社会保障局<\/span><\/div>/);
    expect(r.stdout).toContain('请于2024年12月31日前完成整改');
    expect(r.stdout).toContain('工资发放表未经本人签字');
  });

  it('reads the data from stdin and writes a .docx', async () => {
    const out = join(dir, 'advice.docx');
    const r = await jiancha(['render', 'rectificationAdvice', ...SETTINGS, '--data', '-', '--format', 'docx', '--out', out], JSON.stringify(advice));
    expect(r.code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(await zip.file('word/document.xml')!.async('string')).toContain('请于2024年12月31日前完成整改');
  });

  it.each([
    [
      ['render', 'gradeXNotice', ...SETTINGS],
      /没有文书“gradeXNotice”（有：notice、checklist、reviewForm、rectificationAdvice、lowGradeNotice、gradeList、patrolPlan）.*unknown document "gradeXNotice"/,
    ],
    [['render', 'rectificationAdvice', ...SETTINGS], /劳动保障监察书面审查处理建议书（rectificationAdvice）须提供数据.*needs its data/],
    [['render', 'gradeList', ...SETTINGS, '--data', dataFile], /（gradeList）的数据不符合规范：.*\/kind/],
    [
      ['render', 'rectificationAdvice', '--plugin', 'chongqing-jiangjin', '--settings', '-', '--data', '-'],
      /标准输入只能提供一个文件.*only one input can come from stdin/,
    ],
  ])('bad input %j exits 2 with one clear line', async (args, message) => {
    const r = await jiancha(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('the usage names every document and --data', async () => {
    const r = await jiancha(['render', '--data', dataFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('render <notice|checklist|reviewForm|rectificationAdvice|lowGradeNotice|gradeList|patrolPlan>');
    expect(r.stderr).toContain('[--data FILE|-]');
  });
});

describe('jiancha render --settings', () => {
  const example = JSON.parse(readFileSync('plugins/chongqing-jiangjin/campaign.example.json', 'utf8'));
  const rendered = async (settings: Record<string, unknown>) =>
    jiancha(['render', 'notice', '--plugin', 'chongqing-jiangjin', '--settings', '-'], JSON.stringify({ ...example, ...settings }));

  // what `campaign create` refuses, render refuses too, naming the setting
  it.each([
    // 江津通知 四、（二）：拟评价结果公示不少于5个工作日
    [{ publicityWorkingDays: 3 }, /\/settings\/publicityWorkingDays: 公示 3 个工作日，少于 5 个工作日/],
    // 江津通知 三、（一）1：A级企业抽取比例不高于3%
    [{ ratios: { ...example.ratios, A: 0.1 } }, /\/settings\/ratios\/A: 比例 0.1 超出规则允许的范围 0–0.03/],
    // a 2024 campaign made from the 2023 settings keeps the 2023 title
    [{ year: 2024 }, /\/settings\/title: 「通知标题」写的是 2023 年度，活动是 2024 年度/],
  ])('refuses %j as campaign create does', async (settings, message) => {
    const r = await rendered(settings);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('prints the notice of settings a campaign could be made with', async () => {
    const r = await rendered({ year: 2024, title: example.title.replace('2023', '2024') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('开展2024年度全区劳动保障监察书面审查');
  });
});
