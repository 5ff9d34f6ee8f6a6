/**
 * Example 1: grade one employer under the 重庆江津 rules and print the grade with its basis.
 * Run: npx tsx examples/01-grade-an-employer.ts
 */
import { Decider } from '../core/decide.ts';
import { loadRegistry } from '../core/registry.ts';

const decider = new Decider(await loadRegistry());
const decision = await decider.decide('chongqing-jiangjin', 'grading', { unitType: 'enterprise', inspected: true, punishedCount: 1 }, { at: '2024-08-02' });
const { grade, label, reasons } = decision.result;
console.log(`等级 ${grade}（${label}）`);
for (const r of reasons) console.log(`  ${r.reason}\n  依据：${r.basis}`);
