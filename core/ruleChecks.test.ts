import { describe, expect, it } from 'vitest';
import { fixtureProject, threeLevels, gradeRule, ruleset } from '../test/fixtures/project.ts';
import { nearest } from './nearest.ts';
import { loadPlugins } from './registry.ts';

const manifest = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: '测试',
  version: '1.0.0',
  decisions: ['grading'],
  gradeScale: threeLevels,
  ...extra,
});
const leaf = (fact: string, operator: string, value: unknown, path?: string) => ({ all: [{ fact, operator, value, ...(path ? { path } : {}) }] });
// 人社部规〔2016〕1号 第七条 is the basis fixtures cite; what is tested is the check, not the rule
const basis = '人社部规〔2016〕1号 第七条';

async function errorsOf(rules: unknown[]) {
  const p = fixtureProject();
  p.write('plugins/demo/plugin.json', manifest('demo'));
  p.write('rulesets/demo/grading.json', ruleset('demo', 'grading', rules));
  return (await loadPlugins(p.root)).errors.filter((e) => e.file === 'rulesets/demo/grading.json');
}

describe('did you mean', () => {
  it('suggests the nearest name a slip of the keyboard away, and nothing for a word far from all', () => {
    expect(nearest('equals', ['equal', 'notEqual', 'in'])).toBe('equal');
    expect(nearest('punishedCont', ['punishedCount', 'headcount'])).toBe('punishedCount');
    expect(nearest('HeadCount', ['punishedCount', 'headcount'])).toBe('headcount');
    expect(nearest('weather', ['punishedCount', 'headcount'])).toBeUndefined();
  });

  it('names the operator and the fact meant, at their JSON pointers', async () => {
    const errors = await errorsOf([
      gradeRule('a', 'C', leaf('punishedCount', 'equals', 3), basis),
      gradeRule('b', 'C', leaf('punishedCont', 'equal', 3), basis),
      gradeRule('c', 'C', leaf('punishedCount', 'someFacts:equal', 3), basis),
    ]);
    expect(errors).toContainEqual(
      expect.objectContaining({ pointer: '/rules/0/conditions/all/0/operator', en: expect.stringContaining('did you mean "equal"?') }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ pointer: '/rules/0/conditions/all/0/operator', zh: expect.stringContaining('是否应为 "equal"？') }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ pointer: '/rules/1/conditions/all/0/fact', en: expect.stringContaining('did you mean "punishedCount"?') }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ pointer: '/rules/2/conditions/all/0/operator', en: expect.stringContaining('did you mean "someFact"?') }),
    );
  });
});

describe('a fact compared with a value of another type', () => {
  it.each([
    [leaf('name', 'greaterThan', 3), '/operator', 'fact "name" is string; greaterThan compares numbers'],
    [leaf('headcount', 'greaterThanInclusive', '50'), '/value', 'fact "headcount" is number but is compared with the string "50"'],
    [leaf('usesDispatch', 'equal', 'true'), '/value', 'fact "usesDispatch" is boolean but is compared with the string "true"'],
    [leaf('writtenReview', 'equal', 1, '$.overdue'), '/value', 'fact "writtenReview.overdue" is boolean but is compared with the number 1'],
    [leaf('unitType', 'in', ['enterprise', 'organs']), '/value', 'fact "unitType" never has the value "organs"'],
    [leaf('unitType', 'in', 'enterprise'), '/value', 'the value of in must be an array'],
    [leaf('headcount', 'contains', 3), '/operator', 'fact "headcount" is number; contains is for arrays'],
  ])('%j is an error at its pointer', async (conditions, at, en) => {
    const errors = await errorsOf([gradeRule('a', 'C', conditions, basis)]);
    expect(errors).toContainEqual(expect.objectContaining({ pointer: `/rules/0/conditions/all/0${at}`, en: expect.stringContaining(en) }));
  });

  it('passes values of the fact own type, null where the schema allows it, and another fact of the same type', async () => {
    const errors = await errorsOf([
      gradeRule('a', 'C', leaf('headcount', 'greaterThan', 50), basis),
      gradeRule('b', 'C', leaf('lastGrade', 'equal', null), basis),
      gradeRule('c', 'C', leaf('unitType', 'notIn', ['organ', 'institution']), basis),
      gradeRule('d', 'C', leaf('punishedCount', 'greaterThan', { fact: 'headcount' }), basis),
      gradeRule('e', 'C', leaf('workDivisionCodes', 'contains', '500116'), basis),
    ]);
    expect(errors).toEqual([]);
  });
});

describe('event parameters', () => {
  it('names a key the decision does not read, with the one meant', async () => {
    const rule = gradeRule('a', 'C', leaf('punishedCount', 'greaterThan', 2), basis);
    (rule.event.params as Record<string, unknown>).reasons = '三次';
    const errors = await errorsOf([rule]);
    expect(errors).toEqual([
      {
        file: 'rulesets/demo/grading.json',
        pointer: '/rules/0/event/params/reasons',
        zh: '“grading”决策不读取事件参数 "reasons"，是否应为 "reason"？',
        en: 'the grading decision reads no event parameter "reasons" (did you mean "reason"?)',
      },
    ]);
  });
  it('names a placeholder of a reason that is no parameter of its event', async () => {
    const rule = gradeRule('a', 'C', leaf('punishedCount', 'greaterThan', 2), basis);
    (rule.event.params as Record<string, unknown>).reason = '{year}年度被处罚{count}次';
    const errors = await errorsOf([rule]);
    expect(errors).toEqual([
      expect.objectContaining({ pointer: '/rules/0/event/params/reason', en: expect.stringContaining('placeholder {count} names no parameter') }),
    ]);
  });
});

describe('a period that would drop the inherited rules', () => {
  async function childErrors(child: Record<string, unknown>, parent: Record<string, unknown> = {}) {
    const p = fixtureProject();
    p.write('plugins/base/plugin.json', manifest('base'));
    p.write('plugins/region/plugin.json', manifest('region', { extends: 'base' }));
    p.write(
      'rulesets/base/grading.json',
      ruleset('base', 'grading', [gradeRule('c', 'C', leaf('punishedCount', 'greaterThan', 2), basis)], { validFrom: '2024-01-01', ...parent }),
    );
    p.write('rulesets/region/grading.json', ruleset('region', 'grading', [gradeRule('b', 'B', leaf('punishedCount', 'equal', 1), basis)], child));
    return (await loadPlugins(p.root)).errors;
  }

  it('is an error at validFrom when the region starts before what it extends', async () => {
    const errors = await childErrors({ validFrom: '2023-01-01' });
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'rulesets/region/grading.json',
        pointer: '/validFrom',
        en: expect.stringMatching(/^from 2023-01-01 base has no grading ruleset in force/),
      }),
    ]);
  });

  it('is an error at validTo when the region outlasts what it extends', async () => {
    const errors = await childErrors({ validFrom: '2024-06-01' }, { validTo: '2024-12-31' });
    expect(errors).toEqual([expect.objectContaining({ pointer: '/validTo', en: expect.stringMatching(/^from 2025-01-01 base has no grading ruleset/) })]);
  });

  it('is no error inside the period of what it extends, nor with "inherit": false', async () => {
    expect(await childErrors({ validFrom: '2024-06-01' })).toEqual([]);
    expect(await childErrors({ validFrom: '2023-01-01', inherit: false })).toEqual([]);
  });
});
