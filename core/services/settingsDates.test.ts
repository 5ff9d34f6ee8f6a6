import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../registry.ts';
import { checkSettings } from './campaign.ts';
import { exampleSettings } from '../../test/fixtures/project.ts';

const registry = await loadRegistry();
const example = (plugin: string) => exampleSettings(plugin);
const at = '2024-08-02';

describe("a campaign's dates in the order its schema gives", () => {
  it("accepts each region's example", () => {
    expect(checkSettings(registry, 'chongqing-jiangjin', example('chongqing-jiangjin'), at)).toEqual([]);
    expect(checkSettings(registry, 'xinjiang-changji', example('xinjiang-changji'), '2025-03-03')).toEqual([]);
  });

  it('refuses a declaration deadline before the notice date, naming both fields in Chinese', () => {
    // 江津通知: 自接到通知之日起10个工作日内完成网上申报, so the deadline follows the notice
    const settings = { ...example('chongqing-jiangjin'), declarationDeadline: '2024-08-01' };
    expect(checkSettings(registry, 'chongqing-jiangjin', settings, at)).toEqual([
      {
        pointer: '/settings/declarationDeadline',
        zh: '「网上申报截止日期」2024-08-01 应当晚于「通知成文日期」2024-08-02',
        en: 'declarationDeadline 2024-08-01 must be after noticeDate 2024-08-02',
      },
    ]);
  });

  it('lets a print date equal the notice date but not precede it, and an end before its start is refused', () => {
    const cj = example('xinjiang-changji');
    expect(checkSettings(registry, 'xinjiang-changji', { ...cj, printDate: cj.noticeDate }, '2025-03-03')).toEqual([]);
    const zh = checkSettings(registry, 'xinjiang-changji', { ...cj, printDate: '2025-03-02', end: '2025-02-28' }, '2025-03-03').map((e) => e.zh);
    expect(zh).toEqual([
      '「印发日期」2025-03-02 应当不早于「通知成文日期」2025-03-03',
      '「审查、评价结束日期」2025-02-28 应当晚于「审查、评价开始日期」2025-03-01',
      '「审查、评价结束日期」2025-02-28 应当晚于「通知成文日期」2025-03-03',
    ]);
  });

  it('names each field that breaks the schema by its title, the bound in words', () => {
    const settings = { ...example('chongqing-jiangjin'), declarationWorkingDays: 0, ratios: { ...example('chongqing-jiangjin').ratios, A: 1.5 } };
    expect(checkSettings(registry, 'chongqing-jiangjin', settings, at).map((e) => e.zh)).toEqual([
      '「网上申报工作日数」应当不小于 1',
      '「抽取比例·A」应当不大于 1',
    ]);
  });
});
