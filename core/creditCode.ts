/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A-Y without I, O, Z, S, V; the 18th
 * is a check character, C18 = 31 − (Σ Ci·Wi mod 31) with Wi = 3^(i−1) mod 31 (REGULATIONS.md §6).
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck = { valid: true } | { valid: false; zh: string; en: string };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** Says why a code is invalid, in the words a clerk can act on. */
export function checkCreditCode(code: string): CreditCodeCheck {
  if (code.length !== 18) return { valid: false, zh: `应为18位，实为${code.length}位`, en: `must be 18 characters, got ${code.length}` };
  const bad = [...code].findIndex((c) => !CHARSET.includes(c));
  if (bad >= 0) {
    return {
      valid: false,
      zh: `第${bad + 1}位“${code[bad]}”不是允许的字符（数字或除I、O、Z、S、V外的大写字母）`,
      en: `character ${bad + 1} "${code[bad]}" is not allowed (digits and capitals except I, O, Z, S, V)`,
    };
  }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) {
    return { valid: false, zh: '第3至8位应为行政区划代码（6位数字）', en: 'characters 3 to 8 must be a six-digit division code' };
  }
  const expected = checkCharacter(code.slice(0, 17));
  if (code[17] !== expected)
    return { valid: false, zh: `校验码错误：第18位应为“${expected}”`, en: `check character is wrong: the 18th should be "${expected}"` };
  return { valid: true };
}

/** A valid code from a registration prefix (2 chars), a division code and a 9-character body. */
export function makeCreditCode(prefix: string, divisionCode: string, body: string): string {
  const first17 = `${prefix}${divisionCode}${body}`;
  return first17 + checkCharacter(first17);
}
