/**
 * The draw (双随机): reproducible, checkable by anyone, independent of input order. Each employer of
 * a stratum is ranked by SHA-256(seed:creditCode) and the first k are taken, k from the campaign's
 * ratio (floor where the rules give a maximum, ceil where they give a minimum); key industries are
 * always in; manual additions carry their reason. Seed, algorithm, population and result hashes are
 * stored so verifyDraw can redo it from the records.
 */
import { and, eq } from 'drizzle-orm';
import type { Decider } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction } from './batch.ts';
import { advanceStatus, campaignDate, getCampaign, requireStatus, type Campaign } from './campaign.ts';
import { employerFacts } from './employerFacts.ts';
import { populationPages } from './population.ts';

export const DRAW_ALGORITHM = 'sha256-rank-v1';

export interface ManualAddition {
  creditCode: string;
  reason: string;
}

export interface DrawMember {
  employerId: number;
  creditCode: string;
  stratum: string;
  cause: 'random' | 'forced' | 'manual';
  rankKey: string;
  note: string | null;
}

export interface DrawPlan {
  seed: string;
  algorithm: string;
  populationHash: string;
  resultHash: string;
  strata: Record<string, { population: number; ratio: number; drawn: number; rule: 'floor' | 'ceil' }>;
  members: DrawMember[];
}

export function rankKey(seed: string, creditCode: string): string {
  return sha256(`${seed}:${creditCode}`);
}

/** The plan from the records as they are now: the same records and seed give the same plan. */
export async function planDraw(db: Db, decider: Decider, campaign: Campaign, seed: string, manual: ManualAddition[]): Promise<DrawPlan> {
  const at = campaignDate(campaign);
  const prepared = decider.prepare(campaign.plugin, 'sampling', at);
  const ratios = (campaign.settings.ratios ?? {}) as Record<string, number>;
  const byStratum = new Map<string, { employerId: number; creditCode: string; key: string }[]>();
  const bounds = new Map<string, { min?: number; max?: number }>();
  const forced: DrawMember[] = [];
  const population: string[] = [];
  for (const page of populationPages(db, campaign)) {
    for (const e of page) {
      const { result } = await decider.evaluate(prepared, employerFacts(e, campaign.year), at);
      const stratum = result.stratum ?? 'ungraded';
      const key = rankKey(seed, e.creditCode);
      population.push(`${e.creditCode}:${stratum}`);
      bounds.set(stratum, result.bounds);
      if (!byStratum.has(stratum)) byStratum.set(stratum, []);
      byStratum.get(stratum)!.push({ employerId: e.id, creditCode: e.creditCode, key });
      if (result.forced) forced.push({ employerId: e.id, creditCode: e.creditCode, stratum, cause: 'forced', rankKey: key, note: result.reasons.find((r) => r.rule)?.reason ?? null });
    }
  }
  const members = new Map<string, DrawMember>();
  const strata: DrawPlan['strata'] = {};
  for (const [stratum, list] of [...byStratum].sort(([a], [b]) => a.localeCompare(b))) {
    const ratio = ratios[stratum];
    if (ratio === undefined) {
      throw new JianchaError('invalid-input', `活动设置缺少“${stratum}”层的抽取比例`, `the campaign has no ratio for stratum "${stratum}"`);
    }
    const rule = bounds.get(stratum)?.min !== undefined ? 'ceil' : 'floor';
    // a hair of tolerance so that 0.95 × 20 is 19, not 19.000000000000004 rounded up to 20
    const exact = ratio * list.length;
    const k = rule === 'ceil' ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9);
    list.sort((a, b) => a.key.localeCompare(b.key));
    for (const m of list.slice(0, k)) members.set(m.creditCode, { employerId: m.employerId, creditCode: m.creditCode, stratum, cause: 'random', rankKey: m.key, note: null });
    strata[stratum] = { population: list.length, ratio, drawn: k, rule };
  }
  for (const f of forced) if (!members.has(f.creditCode)) members.set(f.creditCode, f);
  for (const m of manual) {
    if (members.has(m.creditCode)) continue;
    const row = db.select().from(schema.employers).where(eq(schema.employers.creditCode, m.creditCode)).get();
    if (!row) throw new JianchaError('not-found', `登记册中没有统一社会信用代码 ${m.creditCode}`, `no employer ${m.creditCode} in the registry`);
    if (!m.reason?.trim()) throw new JianchaError('invalid-input', `人工增加 ${m.creditCode} 须写明理由`, `a manual addition (${m.creditCode}) needs a reason`);
    members.set(m.creditCode, { employerId: row.id, creditCode: m.creditCode, stratum: 'manual', cause: 'manual', rankKey: rankKey(seed, m.creditCode), note: m.reason });
  }
  const list = [...members.values()].sort((a, b) => a.creditCode.localeCompare(b.creditCode));
  return {
    seed,
    algorithm: DRAW_ALGORITHM,
    populationHash: sha256(population.sort().join('\n')),
    resultHash: sha256(list.map((m) => `${m.creditCode}:${m.cause}`).join('\n')),
    strata,
    members: list,
  };
}

export async function draw(db: Db, decider: Decider, actor: Actor, campaignId: number, seed: string, manual: ManualAddition[] = []): Promise<DrawPlan> {
  const campaign = getCampaign(db, actor, campaignId);
  requireBureau(actor, campaign.bureauId);
  requireStatus(campaign, 'assigned', { zh: '抽取审查名单', en: 'draw' });
  if (!seed.trim()) throw new JianchaError('invalid-input', '须公布随机种子', 'a published seed is required');
  if (db.select().from(schema.draws).where(eq(schema.draws.campaignId, campaignId)).get()) {
    throw new JianchaError('conflict', `活动 ${campaignId} 已抽取审查名单，不能重抽`, `campaign ${campaignId} has been drawn already`);
  }
  return inTransaction(db, { zh: '抽取', en: 'draw' }, async () => {
    const plan = await planDraw(db, decider, campaign, seed, manual);
    const row = db
      .insert(schema.draws)
      .values({ campaignId, seed, algorithm: plan.algorithm, populationHash: plan.populationHash, resultHash: plan.resultHash, ratios: campaign.settings.ratios as Record<string, number>, createdBy: actor.userId, createdAt: now() })
      .returning()
      .get();
    const insert = db.$client.prepare('INSERT INTO draw_members (draw_id, employer_id, stratum, cause, rank_key, note) VALUES (?, ?, ?, ?, ?, ?)');
    for (const m of plan.members) insert.run(row.id, m.employerId, m.stratum, m.cause, m.rankKey, m.note);
    advanceStatus(db, campaign, 'drawn');
    audit(db, actor, 'draw', 'campaign', campaignId, null, { seed, algorithm: plan.algorithm, populationHash: plan.populationHash, resultHash: plan.resultHash, strata: plan.strata });
    return plan;
  });
}

export interface Verification {
  matches: boolean;
  stored: { populationHash: string; resultHash: string };
  recomputed: { populationHash: string; resultHash: string };
}

/** Redo the draw from the stored seed and records, and say whether it gives the stored result. */
export async function verifyDraw(db: Db, decider: Decider, actor: Actor, campaignId: number): Promise<Verification> {
  const campaign = getCampaign(db, actor, campaignId);
  const stored = db.select().from(schema.draws).where(eq(schema.draws.campaignId, campaignId)).get();
  if (!stored) throw new JianchaError('conflict', `活动 ${campaignId} 尚未抽取`, `campaign ${campaignId} has not been drawn`);
  const manual = db
    .select({ creditCode: schema.employers.creditCode, reason: schema.drawMembers.note })
    .from(schema.drawMembers)
    .innerJoin(schema.employers, eq(schema.employers.id, schema.drawMembers.employerId))
    .where(and(eq(schema.drawMembers.drawId, stored.id), eq(schema.drawMembers.cause, 'manual')))
    .all()
    .map((m) => ({ creditCode: m.creditCode, reason: m.reason ?? '' }));
  const plan = await planDraw(db, decider, { ...campaign, settings: { ...campaign.settings, ratios: stored.ratios } }, stored.seed, manual);
  return {
    matches: plan.populationHash === stored.populationHash && plan.resultHash === stored.resultHash,
    stored: { populationHash: stored.populationHash, resultHash: stored.resultHash },
    recomputed: { populationHash: plan.populationHash, resultHash: plan.resultHash },
  };
}
