/**
 * Example 3: one employer through two decisions — which bureau reviews it, and what it must bring.
 * A 20-person enterprise in 昌吉国家高新技术产业开发区 that uses dispatched staff.
 * Run: npx tsx examples/03-jurisdiction-and-documents.ts
 */
import { Decider } from '../core/decide.ts';
import { loadRegistry } from '../core/registry.ts';

const decider = new Decider(await loadRegistry());
const employer = { unitType: 'enterprise', divisionCode: '652301', park: 'changji-hightech', headcount: 20, usesDispatch: true };
const at = '2025-03-03';

const { result: where } = await decider.decide('xinjiang-changji', 'jurisdiction', employer, { at });
console.log(`管辖：${where.bureauName}（${where.reason}）`);

const { result: docs } = await decider.decide('xinjiang-changji', 'documents', employer, { at });
const phases = { upload: '平台上传', bringToReview: '审核时携带', mailIn: '线下报送' };
for (const d of docs.documents) {
  console.log(`[${phases[d.phase]}] ${d.name}${d.quantity ? `（${d.quantity}）` : ''}${d.periods.length ? ` ${d.periods.join('、')}` : ''}`);
}
