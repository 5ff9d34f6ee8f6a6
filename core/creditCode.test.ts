import { describe, expect, it } from 'vitest';
import { checkCreditCode, makeCreditCode } from './creditCode.ts';

describe('统一社会信用代码 GB 32100-2015', () => {
  // REGULATIONS.md §6: codes that validate, from hutool's unit test and the standard's corrected example
  it.each(['91310110666007217T', '91350100M000100Y43', '91310115MA1K3CUM7M'])('%s is valid', (code) => {
    expect(checkCreditCode(code)).toEqual({ valid: true });
  });

  it('names the expected check character (REGULATIONS.md §6 worked example: Σ=1640, C18 = 3)', () => {
    expect(checkCreditCode('91350100M000100Y44')).toMatchObject({ valid: false, en: 'check character is wrong: the 18th should be "3"' });
  });

  it('rejects 91110000100000589B, whose check character should be A', () => {
    expect(checkCreditCode('91110000100000589B')).toMatchObject({ valid: false, zh: '校验码错误：第18位应为“A”' });
  });

  it('says which character is not allowed (I, O, Z, S, V are excluded)', () => {
    expect(checkCreditCode('91310110666007217I')).toMatchObject({ valid: false, en: expect.stringContaining('character 18 "I"') });
  });

  it('says the length is wrong', () => {
    expect(checkCreditCode('9131011066600721')).toMatchObject({ valid: false, zh: '应为18位，实为16位' });
  });

  it('makes codes that check', () => {
    const code = makeCreditCode('91', '500116', 'MA5U00001');
    expect(code).toHaveLength(18);
    expect(checkCreditCode(code)).toEqual({ valid: true });
  });
});
