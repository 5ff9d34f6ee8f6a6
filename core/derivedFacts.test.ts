/**
 * Derived facts given as expressions in plugin.json: compiled once at load, computed before the
 * rules in decide (json-rules-engine) and in the batch path (compiled closures), which must agree,
 * and checked at load with the file and JSON pointer of what is wrong.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decider } from './decide.ts';
import { loadPlugins } from './registry.ts';
import { threeLevels } from '../test/fixtures/project.ts';
import type { Facts } from './types.ts';

const FIXTURE = join(import.meta.dirname, '../test/fixtures/weighted-score');
const AT = '2025-03-01';
const { registry, errors } = await loadPlugins(FIXTURE);
const decider = new Decider(registry);
const prepared = decider.prepare('weighted-score', 'grading', AT);

/** The fixture's expressions written out in TypeScript: "4:3:3 加权，保留一位小数", "违法违规两次以上的，得分以70分封顶". */
function byHand(f: Facts) {
  const score =
    Math.round((0.4 * (f['ws.attendanceScore'] as number) + 0.3 * (f['ws.wageScore'] as number) + 0.3 * (f['ws.contractScore'] as number)) * 10 + 1e-9) / 10;
  const violations = (f['ws.wageArrears'] as number) + (f['ws.contractViolations'] as number) + ((f.punishedCount as number) > 0 ? 1 : 0);
  return { score, violations, capped: Math.min(score, violations >= 2 ? 70 : 100) };
}

const employer = fc.record({
  unitType: fc.constantFrom('enterprise', 'enterprise', 'enterprise', 'institution'),
  punishedCount: fc.nat({ max: 3 }),
  'ws.attendanceScore': fc.integer({ min: 30, max: 100 }),
  'ws.wageScore': fc.integer({ min: 30, max: 100 }),
  'ws.contractScore': fc.integer({ min: 30, max: 100 }),
  'ws.wageArrears': fc.nat({ max: 3 }),
  'ws.contractViolations': fc.nat({ max: 2 }),
});

describe('derived facts as data', () => {
  it('load from plugin.json without errors, and the rules need their inputs, not the derived facts', () => {
    expect(errors).toEqual([]);
    expect(Object.keys(prepared.derived)).toEqual(['ws.score', 'ws.violations', 'ws.capped']);
    expect(prepared.required).toEqual([
      'punishedCount',
      'unitType',
      'ws.attendanceScore',
      'ws.contractScore',
      'ws.contractViolations',
      'ws.wageArrears',
      'ws.wageScore',
    ]);
  });

  it('give json-rules-engine and the compiled batch path the same result, from the score written out by hand', async () => {
    await fc.assert(
      fc.asyncProperty(employer, async (facts) => {
        const decided = await decider.decide('weighted-score', 'grading', facts, { at: AT });
        const evaluated = await decider.decide('weighted-score', 'grading', facts, { at: AT, trace: false });
        expect(evaluated.result).toEqual(decided.result);
        const { capped, violations } = byHand(facts);
        expect(decided.trace.facts['ws.capped']).toBe(capped);
        expect(decided.trace.facts['ws.violations']).toBe(violations);
        // the rules' text: 85 and above A, 60 to 85 B, under 60 C, four violations or more C; non-enterprises not graded
        const grade = facts.unitType !== 'enterprise' ? null : violations >= 4 || capped < 60 ? 'C' : capped >= 85 ? 'A' : 'B';
        expect(decided.result.grade).toBe(grade);
      }),
      { numRuns: 300 },
    );
  });

  it('show their inputs in the trace, and a missing input is named before anything is computed', async () => {
    const facts = {
      unitType: 'enterprise',
      punishedCount: 0,
      'ws.attendanceScore': 90,
      'ws.wageScore': 80,
      'ws.contractScore': 86,
      'ws.wageArrears': 0,
      'ws.contractViolations': 0,
    };
    const decided = await decider.decide('weighted-score', 'grading', facts, { at: AT });
    // 0.4 × 90 + 0.3 × 80 + 0.3 × 86 = 85.8
    expect(decided.trace.facts).toMatchObject({ ...facts, 'ws.capped': 85.8 });
    expect(decided.result.grade).toBe('A');
    const { 'ws.wageScore': _, ...missing } = facts;
    await expect(decider.decide('weighted-score', 'grading', missing, { at: AT })).rejects.toMatchObject({
      code: 'missing-fact',
      details: [{ pointer: '/ws.wageScore' }],
    });
    // without the trace too, which computes expressions without copying the facts
    await expect(decider.decide('weighted-score', 'grading', missing, { at: AT, trace: false })).rejects.toThrow('missing fact(s): ws.wageScore');
  });

  it('are refused at load with the file and pointer: an unknown fact (with the nearest), a cycle, a bad expression', async () => {
    const root = mkdtempSync(join(tmpdir(), 'jiancha-derived-'));
    mkdirSync(join(root, 'plugins/trial'), { recursive: true });
    mkdirSync(join(root, 'rulesets/trial'), { recursive: true });
    const manifest = {
      id: 'trial',
      name: '试点',
      version: '1.0.0',
      decisions: ['grading'],
      gradeScale: threeLevels,
      derivedFacts: {
        total: { expression: 'punishedCont + 1' },
        loopA: { expression: 'loopB + 1' },
        loopB: { expression: 'loopA * 2' },
        broken: { expression: '0.4 * (headcount' },
      },
    };
    writeFileSync(join(root, 'plugins/trial/plugin.json'), JSON.stringify(manifest));
    writeFileSync(
      join(root, 'rulesets/trial/grading.json'),
      JSON.stringify(JSON.parse(JSON.stringify({ ...registry.get('weighted-score').rulesets[0], plugin: 'trial', file: undefined, hash: undefined }))),
    );
    const loaded = await loadPlugins(root);
    expect(loaded.errors).toContainEqual({
      file: 'plugins/trial/plugin.json',
      pointer: '/derivedFacts/total/expression',
      zh: '未知事实 "punishedCont"，是否指 "punishedCount"？',
      en: 'unknown fact "punishedCont"; did you mean "punishedCount"?',
    });
    expect(loaded.errors).toContainEqual(expect.objectContaining({ file: 'plugins/trial/plugin.json', pointer: '/derivedFacts/broken/expression' }));
    expect(loaded.errors).toContainEqual(
      expect.objectContaining({ file: 'plugins/trial/plugin.json', en: 'derived facts read each other in a cycle: loopA → loopB → loopA' }),
    );
    expect(loaded.errors.every((e) => e.file)).toBe(true);
  });
});
