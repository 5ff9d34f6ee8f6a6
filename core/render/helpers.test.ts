import { describe, expect, it } from 'vitest';
import {
  chineseDate,
  chineseNumber,
  deadline,
  known,
  monthDay,
  months,
  ordinal,
  percent,
  periods,
  sentence,
  titleLines,
  workingDeadline,
  yesNo,
} from './helpers.ts';

describe('document helpers', () => {
  it('writes dates as GB/T 9704 7.3.5.4 asks: 2024年8月2日, no leading zeros', () => {
    expect(chineseDate('2024-08-02')).toBe('2024年8月2日');
    expect(chineseDate('2025-03-03')).toBe('2025年3月3日');
    // 江津通知：于8月20日前报送
    expect(monthDay('2024-08-20')).toBe('8月20日');
    // 江津通知：（完成时限：2024年8月底前）
    expect([deadline('2024-08-31'), deadline('2024-02-29'), deadline('2024-10-20')]).toEqual(['2024年8月底', '2024年2月底', '2024年10月20日']);
  });

  it('breaks a title between words, in the fewest and most even lines (GB/T 9704 7.3.1: 回行时，要做到词意完整，排列对称)', () => {
    // the 江津 title printed 「…书面审查和企／业劳动保障…」 (issue 13, item 6)
    expect(titleLines('关于做好2023年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知')).toEqual([
      '关于做好2023年度劳动保障监察书面审查和',
      '企业劳动保障守法诚信等级评价工作的通知',
    ]);
    expect(titleLines('2023年度企业劳动保障守法诚信等级评价结果公示名单')).toEqual(['2023年度企业劳动保障', '守法诚信等级评价结果公示名单']);
    // one line when it fits; a title with nowhere to break is left whole to the browser
    expect(titleLines('2024年度劳动保障监察巡视检查计划')).toEqual(['2024年度劳动保障监察巡视检查计划']);
    expect(titleLines('甲'.repeat(25))).toEqual(['甲'.repeat(25)]);
  });

  it('lays a title out once, and a caller that changes its lines does not change the next answer', () => {
    const title = '2023年度企业劳动保障守法诚信等级评价结果公示名单';
    const first = titleLines(title);
    first[0] = '改过的';
    expect(titleLines(title)).toEqual(['2023年度企业劳动保障', '守法诚信等级评价结果公示名单']);
    // the width is part of what is remembered: a narrower line breaks otherwise
    expect(titleLines(title, 10)).not.toEqual(titleLines(title));
  });

  it('numbers levels 一、 （一） 1. （1） as GB/T 9704 7.3.3 lists them', () => {
    expect([ordinal(1, 3), ordinal(2, 12), ordinal(3, 4), ordinal(4, 2)]).toEqual(['三、', '（十二）', '4.', '（2）']);
  });

  it('writes Chinese numbers to 99', () => {
    expect([1, 10, 11, 12, 20, 31].map(chineseNumber)).toEqual(['一', '十', '十一', '十二', '二十', '三十一']);
  });

  it('writes the notices’ months and ratios', () => {
    expect(months([5, 10])).toBe('5、10月');
    expect(months([3, 6, 12], true)).toBe('三、六、十二月');
    expect([percent(0.03), percent(0.5), percent(0.95)]).toEqual(['3%', '50%', '95%']);
    expect(periods(['2024-03', '2024-06', '2024-12'])).toBe('2024年3、6、12月');
  });

  it('writes each list of periods as its own, whatever lists came before', () => {
    // a list, its prefix, its extension and one across two years: none is answered with another's text
    expect(periods(['2024-03', '2024-06'])).toBe('2024年3、6月');
    expect(periods(['2024-03'])).toBe('2024年3月');
    expect(periods(['2024-03', '2024-06', '2024-12'])).toBe('2024年3、6、12月');
    expect(periods(['2024-03', '2024-06'])).toBe('2024年3、6月');
    expect(periods(['2024-12', '2025-01'])).toBe('2024年12月；2025年1月');
    expect(periods([])).toBe('');
    // past its bound it forgets, not errs
    for (let m = 0; m < 1200; m++) expect(periods([`${2000 + m}-01`])).toBe(`${2000 + m}年1月`);
    expect(periods(['2024-03', '2024-06'])).toBe('2024年3、6月');
  });

  it('counts a deadline in working days of the official calendar', () => {
    // 江津通知：自接到书面审查通知之日起10个工作日内
    expect(workingDeadline('2024-08-02', 10)).toBe('2024年8月16日');
  });

  it('leaves a form’s unknown fields blank but prints 0 and false', () => {
    expect([known(0), known(false), known(''), known(undefined), known(null)]).toEqual([true, true, true, false, false]);
    expect([yesNo(true, '有', '无'), yesNo(false, '有', '无'), yesNo(undefined, '是', '否'), yesNo(null, '是', '否')]).toEqual(['有', '无', '', '']);
  });

  it('ends a rule’s clause as a sentence once', () => {
    expect(sentence('用人单位有轻微违法行为的，下达处理建议书')).toBe('用人单位有轻微违法行为的，下达处理建议书。');
    expect(sentence('因劳动保障违法行为被查处三次以上（含三次）。')).toBe('因劳动保障违法行为被查处三次以上（含三次）。');
    expect(sentence('第六条（一）')).toBe('第六条（一）。');
  });
});
