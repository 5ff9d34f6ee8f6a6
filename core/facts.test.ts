import { describe, expect, it } from 'vitest';
import { checkDate } from './facts.ts';

describe('an ISO date', () => {
  it('is a day the Gregorian calendar has', () => {
    // leap years: every fourth, but not centuries unless divisible by 400
    for (const valid of ['2024-02-29', '2000-02-29', '2023-12-31', '2024-01-01', '2023-04-30']) expect(checkDate(valid)).toBe(valid);
  });

  it('is refused, in Chinese, where the day does not exist or the form is not YYYY-MM-DD', () => {
    for (const invalid of [
      '2023-02-29',
      '1900-02-29',
      '2024-02-30',
      '2023-04-31',
      '2023-13-01',
      '2023-00-10',
      '2023-01-00',
      '2023-1-01',
      '2023-01-1',
      '20230101',
      '2023/01/01',
      '2023-01-01T00:00',
      ' 2023-01-01',
      '２０２３-01-01',
      '2023-0a-01',
      '',
    ])
      expect(() => checkDate(invalid), invalid).toThrow(`日期 "${invalid}" 无效，应为 YYYY-MM-DD`);
  });

  it('names the field whose date it refuses, so a form says which date to correct', () => {
    expect(() => checkDate('2024/5/31', { zh: '公示开始日期', en: 'the publicity start' })).toThrow(
      '「公示开始日期」2024/5/31 不是日期，应为 年-月-日（如 2024-05-31）',
    );
    expect(checkDate('2024-05-31', { zh: '公示开始日期', en: 'the publicity start' })).toBe('2024-05-31');
  });
});
