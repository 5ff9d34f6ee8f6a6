import { describe, expect, it } from 'vitest';
import { conditionValues, fillParams, unknownPlaceholders } from './paramText.ts';

describe('an event’s texts naming its own parameters', () => {
  const params = { industries: ['建筑', '交通运输'], reason: '对{industries}{industries.length}个重点行业的企业进行审查', basis: '通知' };

  it('joins a list with 「、」 and counts it', () => {
    expect(fillParams(params).reason).toBe('对建筑、交通运输2个重点行业的企业进行审查');
  });

  it('fills texts inside lists of texts, and leaves {year} for the campaign', () => {
    const filled = fillParams({ years: 3, measures: ['连续{years}年评为A级', '{year}年度巡查'] });
    expect(filled.measures).toEqual(['连续3年评为A级', '{year}年度巡查']);
  });

  it('names a placeholder that is no parameter, and the count of what is no list', () => {
    expect(unknownPlaceholders({ ...params, note: '{industry}', basis: '{basis.length}' })).toEqual([
      { key: 'basis', placeholder: '{basis.length}' },
      { key: 'note', placeholder: '{industry}' },
    ]);
    expect(unknownPlaceholders({ ...params, note: '{year}、{previousYear}' })).toEqual([]);
  });

  it('fills a fact its rule compares with one value, and by name one another rule compares', () => {
    // 江津通知 四、（四）2「连续3年评为A级」 from `consecutiveBestYears ≥ 3`
    const own = conditionValues({ all: [{ fact: 'consecutiveBestYears', operator: 'greaterThanInclusive', value: 3 }] });
    const rules = new Map([['under-three', conditionValues({ all: [{ fact: 'headcount', operator: 'lessThan', value: 3 }] })]]);
    const filled = fillParams({ measure: '连续{consecutiveBestYears}年', reason: '有{headcount@under-three}人' }, { own, rules });
    expect(filled).toEqual({ measure: '连续3年', reason: '有3人' });
    expect(unknownPlaceholders({ reason: '{headcount@nosuch}{headcount}' }, { own, rules })).toEqual([
      { key: 'reason', placeholder: '{headcount@nosuch}' },
      { key: 'reason', placeholder: '{headcount}' },
    ]);
  });

  it('leaves out a fact compared with two values: which one a text means is not known', () => {
    const both = {
      any: [
        { fact: 'headcount', operator: 'lessThan', value: 3 },
        { fact: 'headcount', operator: 'greaterThan', value: 300 },
      ],
    };
    expect(conditionValues(both)).toEqual({});
  });
});
