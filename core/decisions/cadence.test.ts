import { describe, expect, it } from 'vitest';
import { checkRuleset } from '../ruleset.ts';
import type { FiredEvent } from '../types.ts';
import { assembleCadence } from './cadence.ts';
import type { AssembleContext } from './context.ts';

// 江津通知 四、（四）2：对连续3年评为A级的企业，可授予“劳动保障守法诚信企业”铭牌
const basis = '《江津区2023年度书面审查和守法诚信等级评价通知》四、（四）2.授牌管理';
const measure = (rule: string, params: Record<string, unknown>): FiredEvent => ({ rule, priority: 5, type: 'measure', params: { basis, ...params } });
const ctx = {} as AssembleContext;

describe('plaque eligibility', () => {
  it('is the measure its event marks plaque: true, whatever the rule is named', () => {
    const { measures } = assembleCadence(
      [measure('award-honour', { measure: '可授予铭牌', plaque: true }), measure('plaque', { measure: '信用信息共享' })],
      ctx,
    );
    expect(measures).toEqual([
      { text: '可授予铭牌', basis, rule: 'award-honour', plaque: true },
      { text: '信用信息共享', basis, rule: 'plaque' },
    ]);
  });

  it('is a schema-checked event parameter: a plaque that is not true or false is refused', () => {
    const ruleset = (plaque: unknown) => ({
      plugin: 'demo',
      decision: 'cadence',
      version: '1',
      validFrom: '2024-01-01',
      rules: [{ name: 'award', conditions: { all: [] }, event: { type: 'measure', params: { measure: '可授予铭牌', basis, plaque } } }],
    });
    expect(checkRuleset(ruleset(true), 'cadence.json')).toEqual([]);
    expect(checkRuleset(ruleset('是'), 'cadence.json')).toContainEqual(expect.objectContaining({ pointer: '/rules/0/event/params/plaque' }));
  });
});
