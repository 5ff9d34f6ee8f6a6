/**
 * Example 2: read the trace. A 昌吉 enterprise with a clean record was late with its written review:
 * which rules fired, which did not, and what the facts held.
 * Run: npx tsx examples/02-why-not-a.ts
 */
import { Decider } from '../core/decide.ts';
import { loadRegistry } from '../core/registry.ts';

const decider = new Decider(await loadRegistry());
const { result, trace } = await decider.decide(
  'xinjiang-changji',
  'grading',
  { unitType: 'enterprise', punishedCount: 0, writtenReview: { overdue: true, overdueExcused: false } },
  { at: '2025-03-03' },
);
console.log(`等级 ${result.grade}`);
for (const rule of trace.rules) {
  console.log(`${rule.fired ? '✓' : '·'} ${rule.rule.padEnd(26)} ${rule.from.padEnd(17)} ${rule.basis}`);
}
console.log('事实：', JSON.stringify(trace.facts));
