/**
 * The facts a proposed grade rests on, for the letter that tells the employer (对C级企业的认定要……
 * 做到事实清楚、依据充分, 江津通知 二、（三）): the grading decided again for the one employer with its
 * trace, on the records the grading run reads, and for each reason the facts of its rule's conditions
 * that held, with their values and the record they come from.
 */
import type { Decider } from '../decide.ts';
import type { GradeReason, ReasonFact } from '../render/formData.ts';
import { type FactSource, knownFacts, sourceOf } from '../knownFacts.ts';
import type { TraceCondition } from '../trace.ts';
import type { Db } from '../db/index.ts';
import { campaignDate, type Campaign } from './campaign.ts';
import { employerFacts, type EmployerRow } from './employerFacts.ts';
import { yearRecordsReader } from './yearRecords.ts';

/** Where a fact comes from, as the letter names the record. */
const RECORDS: Record<FactSource, string> = {
  yearRecord: '年度劳动保障监察记录',
  review: '书面审查记录',
  declaration: '网上申报',
  registry: '用人单位名录',
  campaign: '本次评价',
  derived: '评价计算',
};

/** The leaves of a condition tree that held. */
function held(node: TraceCondition): TraceCondition[] {
  if (node.result === false) return [];
  if (node.all) return node.all.flatMap(held);
  if (node.any) return node.any.flatMap(held);
  if (node.not) return [];
  return node.fact && node.result ? [node] : [];
}

/** A fact as the letter states it, its label and value: 查处次数：3, 拒不履行：是. */
function stated(schema: Record<string, unknown> | undefined, value: unknown, name: string): string {
  const label = (schema?.['x-label'] ?? schema?.description ?? name) as string;
  const shown = value === true ? '是' : value === false ? '否' : Array.isArray(value) ? `${value.length}项` : String(value);
  return `${label}：${shown}`;
}

/** The reasons with the facts each rests on; a reason whose rule did not fire again (a grade change's) keeps none. */
export async function reasonsWithFacts(
  db: Db,
  decider: Decider,
  campaign: Campaign,
  employer: EmployerRow,
  reasons: GradeReason[],
  on: string,
): Promise<GradeReason[]> {
  const at = campaignDate(campaign);
  const plugin = decider.registry.get(campaign.plugin);
  const record = yearRecordsReader(db, campaign, on, plugin)([employer.id]).get(employer.id);
  const { trace } = await decider.decide(campaign.plugin, 'grading', employerFacts(employer, campaign.year, { record }), { at });
  const schemas = knownFacts(plugin);
  return reasons.map((reason) => {
    const rule = trace.rules.find((r) => r.rule === reason.rule && r.fired);
    if (!rule) return reason;
    const facts: ReasonFact[] = held(rule.conditions).map((leaf) => {
      const schema = schemas.get(leaf.fact!);
      // a part of an object fact ($.overdue of writtenReview) in the part's own words
      const part = leaf.path ? (schema?.properties as Record<string, Record<string, unknown>> | undefined)?.[leaf.path.slice(2)] : schema;
      const source = sourceOf(schema);
      return { text: stated(part, leaf.factValue, leaf.fact!), ...(source ? { record: RECORDS[source] } : {}) };
    });
    return { ...reason, facts };
  });
}
