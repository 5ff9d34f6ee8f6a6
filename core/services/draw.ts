/**
 * The draw (双随机): reproducible, checkable by anyone, independent of input order. Each employer of
 * a stratum is ranked by SHA-256(seed:creditCode) and the first k are taken, k by the stratum's policy
 * (core/drawPolicy.ts): the campaign's ratio (floor where the rules give a maximum, ceil where they
 * give a minimum), a fixed count, or all; then a count across the area from the union its rule
 * selects, by the same ranking, among those their stratum did not draw. Forced sets (key industries,
 * any rule of type `forced`) are always in with their rules' reasons and basis; manual additions carry
 * their reason. Seed, algorithm, population and result hashes are stored so verifyDraw can redo it
 * from the records.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Decider, Prepared } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { drawPolicy, storedPolicy, stratumPlan, type AreaPlan, type AreaPolicy, type StratumPlan, type StratumPolicy } from '../drawPolicy.ts';
import { JianchaError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import type { Facts, FiredEvent } from '../types.ts';
import { requireStep } from '../policy.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction, requireOwnConnection, rowWriter } from './batch.ts';
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
  strata: Record<string, StratumPlan>;
  /** the count across the area, where the rules give one */
  area?: AreaPlan;
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

/** An employer as the draw takes it in: its facts, and, where the draw's rules cannot be run again, what they decided. */
interface Entrant {
  employerId: number;
  creditCode: string;
  facts: Facts;
  decided?: Decided;
}

/** What the sampling rules decided of an employer: its stratum, whether forced in and why, whether in the area's union. */
interface Decided {
  stratum: string;
  forced: boolean;
  note: string | null;
  area: boolean;
}

/** A rule's reason with its basis, as a member's note keeps it. */
const withBasis = (reason: string, basis: string) => `${reason}（${basis}）`;

function decidedBy(stratum: string | null, fired: FiredEvent[]): Decided {
  const forced = fired.filter((e) => e.type === 'forced');
  return {
    // an employer no stratum rule places is in the stratum the campaign names `ungraded`
    stratum: stratum ?? 'ungraded',
    forced: forced.length > 0,
    note: forced.length ? forced.map((e) => withBasis(e.params.reason ?? '', e.params.basis)).join('；') : null,
    area: fired.some((e) => e.type === 'areaCount'),
  };
}

/** The facts the sampling rules read, as JSON with its keys in order: what a draw keeps of its inputs. */
function keptFacts(prepared: Prepared<'sampling'>): (facts: Facts) => string {
  // a derived fact may read any fact: then every one is kept
  const names = Object.keys(prepared.derived).length ? undefined : prepared.referenced;
  return (facts) => JSON.stringify(Object.fromEntries((names ?? Object.keys(facts).sort()).map((name) => [name, facts[name]])));
}

/** The campaign's population now, as the draw takes it in. */
function* currentEntrants(db: Db, campaign: Campaign): Generator<Entrant[]> {
  for (const page of populationPages(db, campaign))
    yield page.map((e) => ({ employerId: e.id, creditCode: e.creditCode, facts: employerFacts(e, campaign.year) }));
}

/** A stored draw's population with the facts it used; with its decisions too where `decided`. */
function* storedEntrants(db: Db, drawId: number, decided: boolean): Generator<Entrant[]> {
  const page = db.$client
    .prepare(
      `SELECT p.employer_id, e.credit_code, p.facts, p.stratum, p.forced, p.note, p.area FROM draw_population p JOIN employers e ON e.id = p.employer_id
     WHERE p.draw_id = ? AND p.employer_id > ? ORDER BY p.employer_id LIMIT 2000`,
    )
    .raw();
  for (let last = 0; ; ) {
    const rows = page.all(drawId, last) as [number, string, string, string, number, string | null, number][];
    if (!rows.length) return;
    yield rows.map(([employerId, creditCode, facts, stratum, forced, note, area]) => ({
      employerId,
      creditCode,
      facts: JSON.parse(facts),
      decided: decided ? { stratum, forced: forced === 1, note, area: area === 1 } : undefined,
    }));
    last = rows[rows.length - 1][0];
  }
}

/**
 * Each entrant's stratum, written to the temporary table `table`: decided by the sampling rules, or as
 * stored. Gives each stratum's size, and the draw policy of the rules in force.
 */
async function decideStrata(db: Db, decider: Decider, campaign: Campaign, seed: string, entrants: Iterable<Entrant[]>, table: string) {
  const at = campaignDate(campaign);
  const prepared = decider.prepare(campaign.plugin, 'sampling', at);
  const factsOf = keptFacts(prepared);
  db.$client.exec(
    `CREATE TEMP TABLE ${table} (employer_id INTEGER NOT NULL, credit_code TEXT NOT NULL, stratum TEXT NOT NULL, rank_key TEXT NOT NULL, forced INTEGER NOT NULL, note TEXT, area INTEGER NOT NULL, facts TEXT NOT NULL)`,
  );
  const pool = rowWriter(db, `INSERT INTO temp.${table} (employer_id, credit_code, stratum, rank_key, forced, note, area, facts)`, 8);
  const byStratum = new Map<string, number>();
  const take = (e: Entrant, decided: Decided) => {
    byStratum.set(decided.stratum, (byStratum.get(decided.stratum) ?? 0) + 1);
    pool.add([
      e.employerId,
      e.creditCode,
      decided.stratum,
      rankKey(seed, e.creditCode),
      decided.forced ? 1 : 0,
      decided.note,
      decided.area ? 1 : 0,
      factsOf(e.facts),
    ]);
  };
  // in the population's order: an entrant decided as stored is taken as it comes, the others go to the rules
  function* undecided(): Generator<Entrant> {
    for (const page of entrants) {
      for (const e of page) {
        if (e.decided) take(e, e.decided);
        else yield e;
      }
    }
  }
  await decider.decideEach(campaign.plugin, 'sampling', undecided(), ({ result, fired }, e) => take(e, decidedBy(result.stratum, fired)), { at });
  pool.flush();
  return { byStratum, rulesetHash: prepared.hash, policy: drawPolicy(prepared.ruleset.rules) };
}

/**
 * The plan from the records as they are now (or, `from` a stored draw, from the population and facts
 * it used; with its stored strata where its rules have changed since): the same inputs and seed give
 * the same plan.
 *
 * The population is ranked in a temporary table of SQLite (kept in a file), not in arrays: a million
 * employers with their rank keys took hundreds of MB. SQLite orders text by its UTF-8 bytes, which is
 * the order of JavaScript's sort for every character but those beyond U+FFFF, which neither credit
 * codes, stratum names nor hexadecimal keys hold.
 *
 * `onMember` sees each member as it is read (nothing may write to the database meanwhile); `storeAs`,
 * a draw's id, writes the members to draw_members and the population with its facts to draw_population.
 */
export async function planDraw(
  db: Db,
  decider: Decider,
  campaign: Campaign,
  seed: string,
  manual: ManualAddition[],
  onMember?: (m: DrawMember) => void,
  storeAs?: number,
  from?: { drawId: number; strata?: DrawPlan['strata']; area?: AreaPolicy | null },
): Promise<DrawPlan & { rulesetHash: string }> {
  const ratios = (campaign.settings.ratios ?? {}) as Record<string, number>;
  const sqlite = db.$client;
  // verifying, outside the draw's transaction: one of its own, for one snapshot of the records and the ranking written in one go
  const own = !sqlite.inTransaction;
  if (own) requireOwnConnection(db);
  if (own) sqlite.exec('BEGIN');
  try {
    const entrants = from ? storedEntrants(db, from.drawId, from.strata !== undefined) : currentEntrants(db, campaign);
    const { byStratum, rulesetHash, policy } = await decideStrata(db, decider, campaign, seed, entrants, 'draw_pool');
    // an employer in the area's union says so in its line; draws without an area count hash as they always have
    const populationHash = linesHash(
      sqlite
        .prepare("SELECT credit_code || ':' || stratum || CASE WHEN area = 1 THEN ':area' ELSE '' END AS line FROM temp.draw_pool ORDER BY line")
        .pluck()
        .iterate() as IterableIterator<string>,
      (line) => line,
    );

    const strata: DrawPlan['strata'] = {};
    for (const [stratum, population] of [...byStratum].sort(([a], [b]) => a.localeCompare(b))) {
      // as stored where the draw is redone after its rules changed; a stratum no rule names goes by ratio
      const stored = from?.strata?.[stratum];
      const kind: StratumPolicy = stored ? storedPolicy(stored) : (policy.strata.get(stratum) ?? { rule: 'floor', bounds: {} });
      const ratio = ratios[stratum];
      if (ratio === undefined && (kind.rule === 'floor' || kind.rule === 'ceil')) {
        throw new JianchaError('invalid-input', `活动设置缺少“${stratum}”层的抽取比例`, `the campaign has no ratio for stratum "${stratum}"`);
      }
      strata[stratum] = stratumPlan(kind, population, ratio);
    }
    const areaPolicy = from?.strata ? (from.area ?? undefined) : policy.area;
    // the members stay in SQLite too (a million employers draw some hundred thousand): chosen by
    // rank in their stratum, by rank among the rest of the area's union, and as forced; then the
    // manual additions not chosen otherwise
    const drawnPerStratum = JSON.stringify(Object.fromEntries(Object.entries(strata).map(([stratum, s]) => [stratum, s.drawn])));
    const areaCount = areaPolicy?.count ?? 0;
    const areaNote = areaPolicy ? withBasis(areaPolicy.reason, areaPolicy.basis) : null;
    sqlite
      .prepare(
        `CREATE TEMP TABLE draw_chosen AS
         WITH ranked AS (SELECT p.*, row_number() OVER (PARTITION BY p.stratum ORDER BY p.rank_key) AS rank, d.value AS k
                         FROM temp.draw_pool p JOIN json_each(?) d ON d.key = p.stratum),
              rest AS (SELECT employer_id, row_number() OVER (ORDER BY rank_key) AS area_rank FROM ranked WHERE rank > k AND area = 1)
         SELECT r.employer_id, credit_code, stratum,
                CASE WHEN rank <= k OR area_rank <= ? THEN 'random' ELSE 'forced' END AS cause, rank_key,
                CASE WHEN rank <= k THEN NULL WHEN area_rank <= ? THEN ? ELSE note END AS note
         FROM ranked r LEFT JOIN rest a ON a.employer_id = r.employer_id
         WHERE rank <= k OR area_rank <= ? OR forced = 1`,
      )
      .run(drawnPerStratum, areaCount, areaCount, areaNote, areaCount);
    let area: AreaPlan | undefined;
    if (areaPolicy) {
      const rest = sqlite
        .prepare(
          `SELECT count(*) FROM (SELECT area, row_number() OVER (PARTITION BY p.stratum ORDER BY p.rank_key) AS rank, d.value AS k
                                 FROM temp.draw_pool p JOIN json_each(?) d ON d.key = p.stratum) WHERE area = 1 AND rank > k`,
        )
        .pluck()
        .get(drawnPerStratum) as number;
      area = { ...areaPolicy, population: rest, drawn: Math.min(areaPolicy.count, rest) };
    }
    sqlite.exec('CREATE UNIQUE INDEX temp.draw_chosen_code ON draw_chosen (credit_code)');
    const chosen = sqlite.prepare('SELECT 1 FROM temp.draw_chosen WHERE credit_code = ?').pluck();
    const add = sqlite.prepare("INSERT INTO temp.draw_chosen VALUES (?, ?, 'manual', 'manual', ?, ?)");
    const region = regionOf(db, campaign.bureauId);
    for (const m of manual) {
      if (chosen.get(m.creditCode)) continue;
      const row = db
        .select({ id: schema.employers.id })
        .from(schema.employers)
        .where(and(eq(schema.employers.region, region), eq(schema.employers.creditCode, m.creditCode)))
        .get();
      if (!row) throw new JianchaError('not-found', `登记册中没有统一社会信用代码 ${m.creditCode}`, `no employer ${m.creditCode} in the registry`);
      if (!m.reason?.trim())
        throw new JianchaError('invalid-input', `人工增加 ${m.creditCode} 须写明理由`, `a manual addition (${m.creditCode}) needs a reason`);
      add.run(row.id, m.creditCode, rankKey(seed, m.creditCode), m.reason);
    }
    // in the order of their codes (SQLite's byte order is the collator's for credit codes), hashed as they are read
    let drawn = 0;
    const members = sqlite.prepare('SELECT employer_id, credit_code, stratum, cause, rank_key, note FROM temp.draw_chosen ORDER BY credit_code').raw();
    const resultHash = linesHash(
      members.iterate() as IterableIterator<[number, string, string, DrawMember['cause'], string, string | null]>,
      ([employerId, creditCode, stratum, cause, key, note]) => {
        drawn++;
        onMember?.({ employerId, creditCode, stratum, cause, rankKey: key, note });
        return `${creditCode}:${cause}`;
      },
    );
    if (storeAs !== undefined) {
      sqlite
        .prepare(
          'INSERT INTO draw_members (draw_id, employer_id, stratum, cause, rank_key, note) SELECT ?, employer_id, stratum, cause, rank_key, note FROM temp.draw_chosen',
        )
        .run(storeAs);
      sqlite
        .prepare(
          'INSERT INTO draw_population (draw_id, employer_id, facts, stratum, forced, note, area) SELECT ?, employer_id, facts, stratum, forced, note, area FROM temp.draw_pool',
        )
        .run(storeAs);
    }
    return { seed, algorithm: DRAW_ALGORITHM, populationHash, resultHash, strata, ...(area ? { area } : {}), drawn, rulesetHash };
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.draw_pool; DROP TABLE IF EXISTS temp.draw_chosen');
    if (own) sqlite.exec('COMMIT');
  }
}

/** The plan as the CLI and the API print it: what a bureau publishes of its draw. */
export function drawSummary(plan: DrawPlan): DrawPlan {
  const { seed, algorithm, populationHash, resultHash, strata, area, drawn } = plan;
  return { seed, algorithm, populationHash, resultHash, strata, ...(area ? { area } : {}), drawn };
}

/** Manual additions name employers of the campaign's own population, never another jurisdiction's. */
function requireOwnEmployers(db: Db, campaign: Campaign, manual: ManualAddition[]): void {
  const region = regionOf(db, campaign.bureauId);
  for (const m of manual) {
    const row = db
      .select({ id: schema.employers.id })
      .from(schema.employers)
      .where(and(eq(schema.employers.region, region), eq(schema.employers.creditCode, m.creditCode)))
      .get();
    if (!row || !isMember(db, campaign, row.id)) {
      throw new JianchaError(
        'not-found',
        `活动 ${campaign.id} 的管辖范围内没有统一社会信用代码 ${m.creditCode}，不能人工增加`,
        `no employer ${m.creditCode} in campaign ${campaign.id}'s jurisdiction to add`,
      );
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
  // a batch decides with the rules in force as it starts
  await decider.refresh();
  return inTransaction(db, { zh: '抽取', en: 'draw' }, async () => {
    const row = db
      .insert(schema.draws)
      .values({
        campaignId,
        seed,
        algorithm: DRAW_ALGORITHM,
        populationHash: '',
        resultHash: '',
        ratios: campaign.settings.ratios as Record<string, number>,
        createdBy: actor.userId,
        createdAt: now(),
      })
      .returning()
      .get();
    const plan = await planDraw(db, decider, campaign, seed, manual, undefined, row.id);
    db.update(schema.draws)
      .set({
        populationHash: plan.populationHash,
        resultHash: plan.resultHash,
        rulesetHash: plan.rulesetHash,
        strata: plan.strata,
        area: plan.area ?? null,
      })
      .where(eq(schema.draws.id, row.id))
      .run();
    await advanceStatus(db, campaign, 'drawn');
    await audit(db, actor, 'draw', 'campaign', campaignId, null, {
      seed,
      algorithm: plan.algorithm,
      populationHash: plan.populationHash,
      resultHash: plan.resultHash,
      rulesetHash: plan.rulesetHash,
      strata: plan.strata,
      ...(plan.area ? { area: plan.area } : {}),
    });
    return plan;
  });
}

/** An employer whose facts or stratum differ from what the draw used. */
export interface ChangedEntrant {
  creditCode: string;
  name: string;
  /** each fact that changed: what the draw used, and what it is now */
  facts: Record<string, { was: unknown; now: unknown }>;
  stratum?: { was: string; now: string };
}

/** What changed since the draw in what it was made from; lists stop at SINCE_LISTED, the counts do not. */
export interface SinceDraw {
  rules: { changed: boolean; draw: string; now: string };
  changed: ChangedEntrant[];
  joined: { creditCode: string; name: string; stratum: string }[];
  left: { creditCode: string; name: string; stratum: string }[];
  counts: { changed: number; joined: number; left: number };
}

export const SINCE_LISTED = 100;

export interface Verification {
  /** the stored draw is what its seed, ratios and stored inputs give, and its stored members are that result */
  matches: boolean;
  /** membersHash: the result hash of the members as stored, which a changed member row breaks */
  stored: { populationHash: string; resultHash: string; membersHash: string };
  recomputed: { populationHash: string; resultHash: string };
  /** null for a draw made before its inputs were kept: that one is redone from the records as they are now */
  since: SinceDraw | null;
}

/**
 * Redo the draw from the seed, ratios and inputs it stored (its population's facts, decided again by
 * its rules; by its stored strata where the rules have changed since), say whether it gives the stored
 * result, and what has changed since in what it was made from.
 */
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
  const asDrawn = { ...campaign, settings: { ...campaign.settings, ratios: stored.ratios } };
  await decider.refresh();
  const rulesNow = decider.prepare(campaign.plugin, 'sampling', campaignDate(campaign)).hash;
  const kept = stored.rulesetHash !== null && stored.strata !== null;
  const from = kept ? { drawId: stored.id, ...(stored.rulesetHash === rulesNow ? {} : { strata: stored.strata!, area: stored.area }) } : undefined;
  const plan = await planDraw(db, decider, asDrawn, stored.seed, manual, undefined, undefined, from);
  const membersHash = linesHash(
    db.$client
      .prepare("SELECT e.credit_code || ':' || m.cause FROM draw_members m JOIN employers e ON e.id = m.employer_id WHERE m.draw_id = ? ORDER BY e.credit_code")
      .pluck()
      .iterate(stored.id) as IterableIterator<string>,
    (line) => line,
  );
  return {
    matches: plan.populationHash === stored.populationHash && plan.resultHash === stored.resultHash && membersHash === stored.resultHash,
    stored: { populationHash: stored.populationHash, resultHash: stored.resultHash, membersHash },
    recomputed: { populationHash: plan.populationHash, resultHash: plan.resultHash },
    since: kept ? await sinceDraw(db, decider, campaign, stored.id, stored.seed, stored.rulesetHash!) : null,
  };
}

/** The draw's population and facts against the campaign's population as the records give it now. */
async function sinceDraw(db: Db, decider: Decider, campaign: Campaign, drawId: number, seed: string, rulesetHash: string): Promise<SinceDraw> {
  const sqlite = db.$client;
  const own = !sqlite.inTransaction;
  if (own) sqlite.exec('BEGIN');
  try {
    const { rulesetHash: now } = await decideStrata(db, decider, campaign, seed, currentEntrants(db, campaign), 'draw_now');
    sqlite.exec('CREATE UNIQUE INDEX temp.draw_now_employer ON draw_now (employer_id)');
    // each set with its employer, for the names: the join does not change the counts
    const CHANGED =
      'draw_population p JOIN temp.draw_now n ON n.employer_id = p.employer_id JOIN employers e ON e.id = p.employer_id WHERE p.draw_id = ? AND (p.facts <> n.facts OR p.stratum <> n.stratum)';
    const JOINED =
      'temp.draw_now n JOIN employers e ON e.id = n.employer_id WHERE NOT EXISTS (SELECT 1 FROM draw_population p WHERE p.draw_id = ? AND p.employer_id = n.employer_id)';
    const LEFT =
      'draw_population p JOIN employers e ON e.id = p.employer_id WHERE p.draw_id = ? AND NOT EXISTS (SELECT 1 FROM temp.draw_now n WHERE n.employer_id = p.employer_id)';
    const count = (set: string) => sqlite.prepare(`SELECT count(*) FROM ${set}`).pluck().get(drawId) as number;
    const list = <T>(columns: string, set: string) =>
      sqlite.prepare(`SELECT ${columns} FROM ${set} ORDER BY e.credit_code LIMIT ${SINCE_LISTED}`).all(drawId) as T[];
    const changed = list<{ creditCode: string; name: string; was: string; now: string; wasStratum: string; nowStratum: string }>(
      'e.credit_code AS creditCode, e.name, p.facts AS was, n.facts AS now, p.stratum AS wasStratum, n.stratum AS nowStratum',
      CHANGED,
    ).map((r): ChangedEntrant => {
      const was = JSON.parse(r.was) as Facts;
      const is = JSON.parse(r.now) as Facts;
      const facts: ChangedEntrant['facts'] = {};
      for (const name of new Set([...Object.keys(was), ...Object.keys(is)])) {
        if (JSON.stringify(was[name]) !== JSON.stringify(is[name])) facts[name] = { was: was[name] ?? null, now: is[name] ?? null };
      }
      return { creditCode: r.creditCode, name: r.name, facts, ...(r.wasStratum !== r.nowStratum ? { stratum: { was: r.wasStratum, now: r.nowStratum } } : {}) };
    });
    return {
      rules: { changed: now !== rulesetHash, draw: rulesetHash, now },
      changed,
      joined: list('e.credit_code AS creditCode, e.name, n.stratum', JOINED),
      left: list('e.credit_code AS creditCode, e.name, p.stratum', LEFT),
      counts: { changed: count(CHANGED), joined: count(JOINED), left: count(LEFT) },
    };
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.draw_now');
    if (own) sqlite.exec('COMMIT');
  }
}

/** What changed since the draw, in one line for the bureau. */
export function sinceSummary(since: SinceDraw | null): string {
  if (!since) return '此次抽取早于保存抽取依据的版本，已依现有记录重做 (drawn before its inputs were kept: redone from the records as they are now)';
  const { changed, joined, left } = since.counts;
  const restratified = since.changed.filter((c) => c.stratum).length;
  const parts = [
    `事实有变 ${changed} 家${restratified ? `（所列者中 ${restratified} 家分层改变）` : ''}`,
    `新进入名录 ${joined} 家`,
    `退出名录 ${left} 家`,
    since.rules.changed ? '抽取规则已修改' : '抽取规则未变',
  ];
  return `抽取以来：${parts.join('，')} (since the draw: ${changed} changed, ${joined} joined, ${left} left; rules ${since.rules.changed ? 'changed' : 'unchanged'})`;
}
