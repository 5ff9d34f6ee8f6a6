/**
 * The expression language of derived facts: what it computes, checked against the same arithmetic
 * written out in TypeScript, and what it refuses, with the file, JSON pointer and nearest name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JianchaError } from './errors.ts';
import { compileExpression, didYouMean, type ExpressionContext } from './expression.ts';
import type { Facts } from './types.ts';

const NAMES = ['headcount', 'punishedCount', 'writtenReview', 'inspected', 'unitType', 'ws.attendanceScore', 'ws.wageScore', 'ws.contractScore'];
const ctx: ExpressionContext = {
  fact: 'ws.score',
  file: 'plugins/weighted-score/plugin.json',
  pointer: '/derivedFacts/ws.score/expression',
  known: (name) => NAMES.includes(name),
  names: NAMES,
};
const run = (text: string, facts: Facts) => compileExpression(text, ctx).evaluate(facts);
const refusal = (text: string) => {
  try {
    compileExpression(text, ctx);
  } catch (err) {
    if (err instanceof JianchaError) return err.details[0];
  }
  throw new Error(`${text} was accepted`);
};

describe('a derived fact’s expression', () => {
  it('computes a weighted score as the arithmetic written out does, for any scores', () => {
    const score = compileExpression('0.4*ws.attendanceScore + 0.3*ws.wageScore + 0.3*ws.contractScore', ctx);
    expect(score.reads).toEqual(['ws.attendanceScore', 'ws.contractScore', 'ws.wageScore']);
    const points = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(points, points, points, (a, w, c) => {
        expect(score.evaluate({ 'ws.attendanceScore': a, 'ws.wageScore': w, 'ws.contractScore': c })).toBe(0.4 * a + 0.3 * w + 0.3 * c);
      }),
    );
  });

  it('sums counts, compares, chooses, and rounds half away from zero', () => {
    expect(run('punishedCount + headcount', { punishedCount: 2, headcount: 40 })).toBe(42);
    expect(run('punishedCount > 3 ? 1 : 0', { punishedCount: 4 })).toBe(1);
    expect(run('punishedCount > 3 ? 1 : 0', { punishedCount: 3 })).toBe(0);
    expect(run('min(headcount, 20) + max(punishedCount, 1)', { headcount: 35, punishedCount: 0 })).toBe(21);
    expect(run('round(2.345, 2)', {})).toBe(2.35);
    expect(run('round(-2.5)', {})).toBe(-3);
    expect(run('abs(-3) + floor(2.7) + ceil(2.1) + 7 % 4', {})).toBe(11);
    expect(run('unitType == "enterprise" && !inspected || punishedCount >= 1', { unitType: 'enterprise', inspected: true, punishedCount: 0 })).toBe(false);
    // == is strict: the number 1 is not the string "1"
    expect(run('headcount == "1"', { headcount: 1 })).toBe(false);
    expect(run('headcount != 1', { headcount: 1 })).toBe(false);
  });

  it('reads a property of a fact’s own object, and nothing an object inherits', () => {
    expect(run('writtenReview.overdue ? 1 : 0', { writtenReview: { overdue: true } })).toBe(1);
    expect(compileExpression('writtenReview.overdue', ctx).reads).toEqual(['writtenReview']);
    expect(run('writtenReview.constructor', { writtenReview: {} })).toBeUndefined();
    expect(run('writtenReview.__proto__', { writtenReview: {} })).toBeUndefined();
    expect(run('headcount.toString', { headcount: 3 })).toBeUndefined();
  });

  it('names an unknown fact with the nearest known one, in its file and at its pointer', () => {
    expect(refusal('0.4*ws.attendanceScor + 1')).toEqual({
      file: 'plugins/weighted-score/plugin.json',
      pointer: '/derivedFacts/ws.score/expression',
      zh: '未知事实 "ws.attendanceScor"，是否指 "ws.attendanceScore"？',
      en: 'unknown fact "ws.attendanceScor"; did you mean "ws.attendanceScore"?',
    });
    expect(refusal('headcont * 2').en).toBe('unknown fact "headcont"; did you mean "headcount"?');
    expect(refusal('zzz').en).toBe('unknown fact "zzz"');
    expect(refusal('rund(headcount)').en).toBe('unknown function "rund" (allowed: min, max, round, abs, floor, ceil); did you mean "round"?');
  });

  it('refuses whatever is not a fact, a literal, an operator or a listed function', () => {
    for (const text of [
      'this',
      'headcount[0]',
      'writtenReview["overdue"]',
      '[1, 2]',
      'min()',
      'round(1, 2, 3)',
      'constructor(1)',
      'headcount.toString()',
      'eval("1")',
      'headcount ** 2',
      'headcount | 1',
      'headcount ?? 1',
      '~headcount',
      'headcount; punishedCount',
      '1 +',
      '',
    ]) {
      const detail = refusal(text);
      expect(detail.pointer, text).toBe('/derivedFacts/ws.score/expression');
    }
  });

  it('says which derived fact met a value of the wrong type while computing', () => {
    expect(() => run('headcount * 2', { headcount: '12' })).toThrow('derived fact ws.score: * needs numbers, got "12"');
    expect(() => run('inspected ? 1 : 0', { inspected: 1 })).toThrow('derived fact ws.score: a condition must be true or false, got 1');
  });

  it('offers a name only when it is near', () => {
    expect(didYouMean('equals', ['equal', 'notEqual'])).toBe('equal');
    expect(didYouMean('headcount', ['punishedCount'])).toBeUndefined();
  });
});
