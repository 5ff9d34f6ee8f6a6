import { describe, expect, it, vi } from 'vitest';
import { Decider } from './decide.ts';
import { JianchaError } from './errors.ts';
import { loadRegistry } from './registry.ts';

const decider = new Decider(await loadRegistry());
const enterprise = { unitType: 'enterprise', punishedCount: 0, inspected: true };

async function failure(promise: Promise<unknown>): Promise<JianchaError> {
  const err = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(JianchaError);
  return err as JianchaError;
}

describe('decide', () => {
  it('explains a grade: the rules considered, the values compared and the basis', async () => {
    // 第七条: 因劳动保障违法行为被查处三次以上(含三次)的 → C
    const d = await decider.decide('chongqing-jiangjin', 'grading', { ...enterprise, punishedCount: 3 }, { at: '2024-08-02' });
    expect(d.result.grade).toBe('C');
    const rule = d.trace.rules.find((r) => r.rule === 'c-punished-three-times')!;
    expect(rule).toMatchObject({ fired: true, from: 'national', basis: '《企业劳动保障守法诚信等级评价办法》（人社部规〔2016〕1号）第七条' });
    expect(rule.conditions).toMatchObject({
      all: [{ fact: 'punishedCount', operator: 'greaterThanInclusive', value: 3, factValue: 3, result: true }],
      result: true,
    });
    const notFired = d.trace.rules.find((r) => r.rule === 'c-criminal-liability')!;
    expect(notFired).toMatchObject({ fired: false, conditions: { all: [{ fact: 'criminalLiability', factValue: false, result: false }] } });
    expect(d.trace.facts).toMatchObject({ punishedCount: 3, inspected: true, year: 2023 });
    expect(d.trace.defaulted).toContain('criminalLiability');
  });

  it('names the plugin version and a content hash of the rulesets', async () => {
    const a = await decider.decide('xinjiang-changji', 'cadence', { grade: 'B' }, { at: '2025-03-03' });
    const b = await decider.decide('xinjiang-changji', 'cadence', { grade: 'C' }, { at: '2025-03-03' });
    expect(a.pluginVersion).toBe('1.0.0');
    expect(a.rulesetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.rulesetHash).toBe(b.rulesetHash);
    expect(a.trace.rulesets.map((r) => r.file)).toEqual(['rulesets/national/cadence.json', 'rulesets/xinjiang-changji/cadence.json']);
  });

  it('builds the engine once per ruleset and reuses it', () => {
    const first = decider.prepare('chongqing-jiangjin', 'grading', '2024-08-02');
    const again = decider.prepare('chongqing-jiangjin', 'grading', '2024-09-01');
    expect(again).toBe(first);
  });

  it('merges the rulesets in force on a day once, not at every decision', async () => {
    const fresh = new Decider(decider.registry);
    const merge = vi.spyOn(fresh.registry.get('chongqing-jiangjin'), 'effectiveRuleset');
    try {
      const first = await fresh.decide('chongqing-jiangjin', 'grading', enterprise, { at: '2024-08-02' });
      const again = await fresh.decide('chongqing-jiangjin', 'grading', enterprise, { at: '2024-08-02' });
      expect(again).toEqual(first);
      expect(merge).toHaveBeenCalledTimes(1);
      await fresh.decide('chongqing-jiangjin', 'grading', enterprise, { at: '2024-08-03' });
      expect(merge).toHaveBeenCalledTimes(2);
    } finally {
      merge.mockRestore();
    }
  });

  it('refuses an unknown plugin, naming those it has', async () => {
    const err = await failure(decider.decide('beijing', 'grading', {}));
    expect(err.code).toBe('unknown-plugin');
    expect(err.message).toContain('chongqing-jiangjin');
  });

  it('refuses a decision the plugin does not declare', async () => {
    const err = await failure(decider.decide('national', 'jurisdiction', {}));
    expect(err.code).toBe('unknown-decision');
  });

  it('refuses facts that break the schema, naming the fact', async () => {
    const err = await failure(decider.decide('national', 'grading', { unitType: 'company', punishedCount: -1 }, { at: '2024-01-01' }));
    expect(err.code).toBe('invalid-facts');
    expect(err.details.map((d) => d.pointer)).toEqual(['/unitType', '/punishedCount']);
    expect(err.message).toMatch(/\/unitType/);
    // and in Chinese by the fact's label, its bound in words
    expect(err.details[1].zh).toBe('「查处次数」应当不小于 0');
  });

  it('refuses a misspelt fact rather than ignoring it', async () => {
    const err = await failure(decider.decide('national', 'grading', { unitType: 'enterprise', punishedCont: 1 }, { at: '2024-01-01' }));
    expect(err.details).toContainEqual(expect.objectContaining({ pointer: '/punishedCont' }));
  });

  it('names a fact the rules need and nobody gave', async () => {
    const err = await failure(decider.decide('national', 'grading', { unitType: 'enterprise' }, { at: '2024-01-01' }));
    expect(err.code).toBe('missing-fact');
    expect(err.details).toEqual([expect.objectContaining({ pointer: '/punishedCount' })]);
  });

  it('refuses an impossible date', async () => {
    const err = await failure(decider.decide('national', 'grading', enterprise, { at: '2024-02-30' }));
    expect(err.code).toBe('invalid-date');
  });

  it('says when no ruleset is in force', async () => {
    const err = await failure(decider.decide('xinjiang-changji', 'documents', { unitType: 'enterprise', headcount: 1 }, { at: '2019-01-01' }));
    expect(err.code).toBe('no-ruleset-in-force');
  });

  it('takes the reviewed year from the fact year over the reference date', async () => {
    const d = await decider.decide('chongqing-jiangjin', 'documents', { year: 2021 }, { at: '2024-08-02' });
    expect(d.result.documents.find((x) => x.id === 'sampled-payroll')?.periods).toEqual(['2021-05', '2021-10']);
  });
});
