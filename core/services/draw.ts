/**
 * The draw (双随机): reproducible, checkable by anyone, independent of input order. Each employer of
 * a stratum is ranked by SHA-256(seed:creditCode) and the first k are taken, k from the campaign's
 * ratio (floor where the rules give a maximum, ceil where they give a minimum); key industries are
 * always in; manual additions carry their reason. Seed, algorithm, population and result hashes are
 * stored so verifyDraw can redo it from the records.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Decider } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { requireStep } from '../policy.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction, rowWriter } from './batch.ts';
import { advanceStatus, campaignDate, getCampaign, requireStatus, type Campaign } from './campaign.ts';
import { employerFacts } from './employerFacts.ts';
import { regionOf } from './bureaus.ts';
import { isMember, populationPages } from './population.ts';

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
  /** how many are drawn in all: by rank, as key industries, and by hand */
  drawn: number;
}

export function rankKey(seed: string, creditCode: string): string {
  return sha256(`${seed}:${creditCode}`);
}

/** SHA-256 of the lines joined by newlines, without joining them: a million lines make a big string. */
function linesHash<T>(items: Iterable<T>, line: (item: T) => string): string {
  const hash = createHash('sha256');
  let first = true;
  for (const item of items) {
    hash.update(first ? line(item) : `\n${line(item)}`);
    first = false;
  }
  return hash.digest('hex');
}

/**
 * The plan from the records as they are now: the same records and seed give the same plan.
 *
 * The population is ranked in a temporary table of SQLite (kept in a file), not in arrays: a million
 * employers with their rank keys took hundreds of MB. SQLite orders text by its UTF-8 bytes, which is
 * the order of JavaScript's sort for every character but those beyond U+FFFF, which neither credit
 * codes, stratum names nor hexadecimal keys hold.
 */
/**
 * `onMember` sees each member as it is read (nothing may write to the database meanwhile); `storeAs`,
 * a draw's id, writes the members to draw_members.
 */
export async function planDraw(db: Db, decider: Decider, campaign: Campaign, seed: string, manual: ManualAddition[], onMember?: (m: DrawMember) => void, storeAs?: number): Promise<DrawPlan> {
  const at = campaignDate(campaign);
  const prepared = decider.prepare(campaign.plugin, 'sampling', at);
  const ratios = (campaign.settings.ratios ?? {}) as Record<string, number>;
  const sqlite = db.$client;
  // verifying, outside the draw's transaction: one of its own, for one snapshot of the records and the ranking written in one go
  const own = !sqlite.inTransaction;
  if (own) sqlite.exec('BEGIN');
  try {
    sqlite.exec('CREATE TEMP TABLE draw_pool (employer_id INTEGER NOT NULL, credit_code TEXT NOT NULL, stratum TEXT NOT NULL, rank_key TEXT NOT NULL, forced INTEGER NOT NULL, note TEXT)');
    const pool = rowWriter(db, 'INSERT INTO temp.draw_pool (employer_id, credit_code, stratum, rank_key, forced, note)', 6);
    const byStratum = new Map<string, { population: number; bounds: { min?: number; max?: number } }>();
    for (const page of populationPages(db, campaign)) {
      for (const e of page) {
        // an await per employer costs a microtask each: only the fallback's promise is awaited
        const evaluation = decider.evaluate(prepared, employerFacts(e, campaign.year), at);
        const { result } = evaluation instanceof Promise ? await evaluation : evaluation;
        const stratum = result.stratum ?? 'ungraded';
        const counted = byStratum.get(stratum);
        if (counted) {
          counted.population++;
          counted.bounds = result.bounds;
        } else byStratum.set(stratum, { population: 1, bounds: result.bounds });
        const note = result.forced ? (result.reasons.find((r) => r.rule)?.reason ?? null) : null;
        pool.add([e.id, e.creditCode, stratum, rankKey(seed, e.creditCode), result.forced ? 1 : 0, note]);
      }
    }
    pool.flush();
    const populationHash = linesHash(sqlite.prepare("SELECT credit_code || ':' || stratum AS line FROM temp.draw_pool ORDER BY line").pluck().iterate() as IterableIterator<string>, (line) => line);

    const strata: DrawPlan['strata'] = {};
    for (const [stratum, { population: count, bounds }] of [...byStratum].sort(([a], [b]) => a.localeCompare(b))) {
      const ratio = ratios[stratum];
      if (ratio === undefined) {
        throw new JianchaError('invalid-input', `活动设置缺少“${stratum}”层的抽取比例`, `the campaign has no ratio for stratum "${stratum}"`);
      }
      const rule = bounds.min !== undefined ? 'ceil' : 'floor';
      // a hair of tolerance so that 0.95 × 20 is 19, not 19.000000000000004 rounded up to 20
      const exact = ratio * count;
      const k = rule === 'ceil' ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9);
      strata[stratum] = { population: count, ratio, drawn: k, rule };
    }
    // the members stay in SQLite too (a million employers draw some hundred thousand): chosen by
    // rank and as key industries, then the manual additions not chosen otherwise
    const drawnPerStratum = JSON.stringify(Object.fromEntries(Object.entries(strata).map(([stratum, s]) => [stratum, s.drawn])));
    sqlite
      .prepare(
        `CREATE TEMP TABLE draw_chosen AS
         SELECT employer_id, credit_code, stratum, CASE WHEN rank <= k THEN 'random' ELSE 'forced' END AS cause, rank_key, CASE WHEN rank <= k THEN NULL ELSE note END AS note
         FROM (SELECT p.*, row_number() OVER (PARTITION BY p.stratum ORDER BY p.rank_key) AS rank, d.value AS k
               FROM temp.draw_pool p JOIN json_each(?) d ON d.key = p.stratum)
         WHERE rank <= k OR forced = 1`,
      )
      .run(drawnPerStratum);
    sqlite.exec('CREATE UNIQUE INDEX temp.draw_chosen_code ON draw_chosen (credit_code)');
    const chosen = sqlite.prepare('SELECT 1 FROM temp.draw_chosen WHERE credit_code = ?').pluck();
    const add = sqlite.prepare("INSERT INTO temp.draw_chosen VALUES (?, ?, 'manual', 'manual', ?, ?)");
    const region = regionOf(db, campaign.bureauId);
    for (const m of manual) {
      if (chosen.get(m.creditCode)) continue;
      const row = db.select({ id: schema.employers.id }).from(schema.employers).where(and(eq(schema.employers.region, region), eq(schema.employers.creditCode, m.creditCode))).get();
      if (!row) throw new JianchaError('not-found', `登记册中没有统一社会信用代码 ${m.creditCode}`, `no employer ${m.creditCode} in the registry`);
      if (!m.reason?.trim()) throw new JianchaError('invalid-input', `人工增加 ${m.creditCode} 须写明理由`, `a manual addition (${m.creditCode}) needs a reason`);
      add.run(row.id, m.creditCode, rankKey(seed, m.creditCode), m.reason);
    }
    // in the order of their codes (SQLite's byte order is the collator's for credit codes), hashed as they are read
    let drawn = 0;
    const members = sqlite.prepare('SELECT employer_id, credit_code, stratum, cause, rank_key, note FROM temp.draw_chosen ORDER BY credit_code').raw();
    const resultHash = linesHash(members.iterate() as IterableIterator<[number, string, string, DrawMember['cause'], string, string | null]>, ([employerId, creditCode, stratum, cause, key, note]) => {
      drawn++;
      onMember?.({ employerId, creditCode, stratum, cause, rankKey: key, note });
      return `${creditCode}:${cause}`;
    });
    if (storeAs !== undefined) {
      sqlite.prepare('INSERT INTO draw_members (draw_id, employer_id, stratum, cause, rank_key, note) SELECT ?, employer_id, stratum, cause, rank_key, note FROM temp.draw_chosen').run(storeAs);
    }
    return { seed, algorithm: DRAW_ALGORITHM, populationHash, resultHash, strata, drawn };
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.draw_pool; DROP TABLE IF EXISTS temp.draw_chosen');
    if (own) sqlite.exec('COMMIT');
  }
}

/** Manual additions name employers of the campaign's own population, never another jurisdiction's. */
function requireOwnEmployers(db: Db, campaign: Campaign, manual: ManualAddition[]): void {
  const region = regionOf(db, campaign.bureauId);
  for (const m of manual) {
    const row = db.select({ id: schema.employers.id }).from(schema.employers).where(and(eq(schema.employers.region, region), eq(schema.employers.creditCode, m.creditCode))).get();
    if (!row || !isMember(db, campaign, row.id)) {
      throw new JianchaError('not-found', `活动 ${campaign.id} 的管辖范围内没有统一社会信用代码 ${m.creditCode}，不能人工增加`, `no employer ${m.creditCode} in campaign ${campaign.id}'s jurisdiction to add`);
    }
  }
}

export async function draw(db: Db, decider: Decider, actor: Actor, campaignId: number, seed: string, manual: ManualAddition[] = []): Promise<DrawPlan> {
  const campaign = getCampaign(db, actor, campaignId);
  requireBureau(actor, campaign.bureauId);
  requireStep(actor, 'draw', campaign.plugin);
  requireStatus(campaign, 'assigned', { zh: '抽取审查名单', en: 'draw' });
  if (!seed.trim()) throw new JianchaError('invalid-input', '须公布随机种子', 'a published seed is required');
  if (db.select().from(schema.draws).where(eq(schema.draws.campaignId, campaignId)).get()) {
    throw new JianchaError('conflict', `活动 ${campaignId} 已抽取审查名单，不能重抽`, `campaign ${campaignId} has been drawn already`);
  }
  requireOwnEmployers(db, campaign, manual);
  return inTransaction(db, { zh: '抽取', en: 'draw' }, async () => {
    const row = db
      .insert(schema.draws)
      .values({ campaignId, seed, algorithm: DRAW_ALGORITHM, populationHash: '', resultHash: '', ratios: campaign.settings.ratios as Record<string, number>, createdBy: actor.userId, createdAt: now() })
      .returning()
      .get();
    const plan = await planDraw(db, decider, campaign, seed, manual, undefined, row.id);
    db.update(schema.draws).set({ populationHash: plan.populationHash, resultHash: plan.resultHash }).where(eq(schema.draws.id, row.id)).run();
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
