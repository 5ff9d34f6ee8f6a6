import { describe, expect, it } from 'vitest';
import { fillParams, unknownPlaceholders } from './paramText.ts';

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
});
