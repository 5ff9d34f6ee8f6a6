/**
 * The draw ranks the population in SQLite; its plan must be the plan of the definition, worked out
 * here the plain way: every employer's stratum by json-rules-engine, each stratum sorted by its
 * SHA-256 key, the first k taken, the forced and manual ones added, the codes sorted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../decide.ts';
import { openDatabase, type Db } from '../db/index.ts';
import { sha256 } from '../hash.ts';
import { loadRegistry, type Registry } from '../registry.ts';
import type { SamplingResult } from '../decisions/sampling.ts';
import { syntheticPopulation } from '../synthetic.ts';
import { localAdministrator, type Actor } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { campaignDate, createCampaign, type Campaign } from './campaign.ts';
import { draw, planDraw, rankKey, verifyDraw, type DrawMember, type ManualAddition } from './draw.ts';
import { employerFacts } from './employerFacts.ts';
import { storeEmployers } from './employerImport.ts';
import { assignJurisdiction } from './jurisdictionRun.ts';
import { populationPages } from './population.ts';

let registry: Registry;
let decider: Decider;
beforeAll(async () => {
  registry = await loadRegistry();
  decider = new Decider(registry);
});

/** A campaign of `n` synthetic employers (`reversed`: stored in the opposite order), under `rules` and with `ratios` where given. */
async function campaignOf(
  plugin: string,
  bureau: string,
  year: number,
  n: number,
  rules: { registry: Registry; decider: Decider } = { registry, decider },
  options: { ratios?: Record<string, number>; reversed?: boolean } = {},
): Promise<{ db: Db; campaign: Campaign; admin: Actor }> {
  const db = openDatabase(':memory:');
  await syncBureaus(db, rules.registry);
  const admin = await localAdministrator(db);
  const population = [...syntheticPopulation(rules.registry.get(plugin), n, 7)];
  await storeEmployers(db, admin, plugin, (options.reversed ? population.reverse() : population) as never, 'synthetic');
  const settings = JSON.parse(readFileSync(join(rules.registry.get(plugin).dir, 'campaign.example.json'), 'utf8'));
  if (options.ratios) settings.ratios = options.ratios;
  const campaign = await createCampaign(db, rules.registry, admin, { plugin, year, bureau, settings });
  await assignJurisdiction(db, rules.decider, admin, campaign.id);
  return { db, campaign, admin };
}

async function referencePlan(db: Db, campaign: Campaign, seed: string, manual: ManualAddition[]) {
  const at = campaignDate(campaign);
  const prepared = decider.prepare(campaign.plugin, 'sampling', at);
  const strata = new Map<string, { members: DrawMember[]; min?: number }>();
  const forced: DrawMember[] = [];
  const forcedRules = new Set(prepared.ruleset.rules.filter((r) => r.event?.type === 'forced').map((r) => r.name));
  const lines: string[] = [];
  for (const page of populationPages(db, campaign)) {
    for (const e of page) {
      const result = (await decider.decide(campaign.plugin, 'sampling', employerFacts(e, campaign.year), { at, engine: 'json-rules-engine' }))
        .result as SamplingResult;
      const stratum = result.stratum ?? 'ungraded';
      const member: DrawMember = { employerId: e.id, creditCode: e.creditCode, stratum, cause: 'random', rankKey: rankKey(seed, e.creditCode), note: null };
      lines.push(`${e.creditCode}:${stratum}`);
      strata.set(stratum, { members: [...(strata.get(stratum)?.members ?? []), member], min: result.bounds.min });
      // a forced member keeps the reason and basis of each forced rule that fired for it
      const forcedBy = result.reasons.filter((r) => forcedRules.has(r.rule)).map((r) => `${r.reason}（${r.basis}）`);
      if (result.forced) forced.push({ ...member, cause: 'forced', note: forcedBy.join('；') });
    }
  }
  const ratios = campaign.settings.ratios as Record<string, number>;
  const members = new Map<string, DrawMember>();
  for (const [stratum, { members: list, min }] of strata) {
    const exact = ratios[stratum] * list.length;
    const k = min !== undefined ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9);
    for (const m of list.sort((a, b) => a.rankKey.localeCompare(b.rankKey)).slice(0, k)) members.set(m.creditCode, m);
  }
  for (const f of forced) if (!members.has(f.creditCode)) members.set(f.creditCode, f);
  for (const m of manual) {
    if (members.has(m.creditCode)) continue;
    const id = db.$client.prepare('SELECT id FROM employers WHERE credit_code = ?').pluck().get(m.creditCode) as number;
    members.set(m.creditCode, {
      employerId: id,
      creditCode: m.creditCode,
      stratum: 'manual',
      cause: 'manual',
      rankKey: rankKey(seed, m.creditCode),
      note: m.reason,
    });
  }
  const list = [...members.values()].sort((a, b) => a.creditCode.localeCompare(b.creditCode));
  return {
    populationHash: sha256(lines.sort().join('\n')),
    resultHash: sha256(list.map((m) => `${m.creditCode}:${m.cause}`).join('\n')),
    members: list,
  };
}

describe('the draw ranked in SQLite', () => {
  // 江津 forces key industries in; 昌吉 does not
  it.each([
    ['chongqing-jiangjin', 'cq-jiangjin', 2023, ['random', 'forced']],
    ['xinjiang-changji', 'changji-prefecture', 2024, ['random']],
  ])('gives %s the plan of the plain definition, manual additions and repeats of them included', async (plugin, bureau, year, causes) => {
    const { db, campaign } = await campaignOf(plugin, bureau, year, 1500);
    const seed = '2024-08-05 公开种子';
    const membersOf = async (additions: ManualAddition[]) => {
      const members: DrawMember[] = [];
      const plan = await planDraw(db, decider, campaign, seed, additions, (m) => members.push(m));
      return { ...plan, members };
    };
    const drawn = new Set((await membersOf([])).members.map((m) => m.creditCode));
    const undrawn = (db.$client.prepare('SELECT credit_code FROM employers ORDER BY id').pluck().all() as string[]).filter((c) => !drawn.has(c));
    // one drawn already, three not (in the population or out of it), one of them given twice
    const manual: ManualAddition[] = [[...drawn][0], ...undrawn.slice(0, 3), undrawn[0]].map((creditCode) => ({ creditCode, reason: '群众举报' }));
    for (const additions of [[], manual]) {
      const plan = await membersOf(additions);
      expect(plan.drawn).toBe(plan.members.length);
      const reference = await referencePlan(db, campaign, seed, additions);
      expect(plan.members).toEqual(reference.members);
      expect(plan.populationHash).toBe(reference.populationHash);
      expect(plan.resultHash).toBe(reference.resultHash);
      expect(new Set(plan.members.map((m) => m.cause))).toEqual(new Set(additions.length ? [...causes, 'manual'] : causes));
    }
  });
});

/**
 * A region's draw policy as data: the 江津 sampling file replaced, as a bureau's edit would, by rules
 * of every kind. The counts the tests expect are read from the rules' own wording.
 */
const basis = '《测试区书面审查通知》三、抽取审查名单';
const stratumRule = (name: string, grade: string | null, policy: Record<string, unknown>, reason: string) => ({
  name,
  priority: 50,
  conditions: { all: [{ fact: 'lastGrade', operator: 'equal', value: grade }] },
  event: { type: 'stratum', params: { stratum: grade ?? 'ungraded', ...policy, reason, basis } },
});
const POLICY_RULES = {
  plugin: 'chongqing-jiangjin',
  decision: 'sampling',
  version: 'policy.1',
  validFrom: '2024-01-01',
  validTo: null,
  rules: [
    stratumRule('stratum-a', 'A', { count: 5 }, 'A级企业固定抽取5户'),
    stratumRule('stratum-b', 'B', { bounds: { max: 0.5 } }, 'B级企业抽取比例不高于50%'),
    stratumRule('stratum-c', 'C', { all: true }, 'C级企业全部抽取'),
    stratumRule('stratum-ungraded', null, { count: 0 }, '未评级单位不单独抽取，参加全区抽取'),
    {
      name: 'area-count',
      priority: 50,
      conditions: { all: [] },
      event: { type: 'areaCount', params: { count: 20, reason: '在其余用人单位中全区随机抽取20户', basis } },
    },
    {
      name: 'dispatch-users',
      priority: 60,
      conditions: { all: [{ fact: 'usesDispatch', operator: 'equal', value: true }] },
      event: { type: 'forced', params: { reason: '使用劳务派遣用工的单位全部纳入审查', basis } },
    },
  ],
};
const reasonOfRule = (name: string) => (POLICY_RULES.rules.find((r) => r.name === name)!.event.params as { reason: string }).reason;
const numberIn = (text: string) => Number(/(\d+)户/.exec(text)![1]);

async function policyRules(rules: unknown = POLICY_RULES) {
  const edited = await loadRegistry(undefined, { edits: { 'rulesets/chongqing-jiangjin/sampling.json': JSON.stringify(rules) } });
  return { registry: edited, decider: new Decider(edited) };
}

describe('the draw policy of a region’s sampling rules', () => {
  const B_RATIO = 0.4;
  const drawnCampaign = async (seed: string, reversed = false) => {
    const rules = await policyRules();
    const w = await campaignOf('chongqing-jiangjin', 'cq-jiangjin', 2023, 1200, rules, { ratios: { B: B_RATIO }, reversed });
    const plan = await draw(w.db, rules.decider, w.admin, w.campaign.id, seed);
    const members = w.db.$client
      .prepare(
        'SELECT e.credit_code AS creditCode, m.stratum, m.cause, m.note FROM draw_members m JOIN employers e ON e.id = m.employer_id ORDER BY e.credit_code',
      )
      .all() as { creditCode: string; stratum: string; cause: string; note: string | null }[];
    return { ...w, rules, plan, members };
  };

  it('draws a fixed count, a ratio, all of a stratum, a count across the area and a forced set, each as its rule says', async () => {
    const { db, campaign, rules, plan, members } = await drawnCampaign('2024-08-05 公开种子');
    // the plain definition: every employer decided by json-rules-engine, ranked by SHA-256(seed:code)
    const at = campaignDate(campaign);
    const entrants: { code: string; stratum: string; key: string; fired: string[] }[] = [];
    for (const page of populationPages(db, campaign)) {
      for (const e of page) {
        const d = await rules.decider.decide(campaign.plugin, 'sampling', employerFacts(e, campaign.year), { at, engine: 'json-rules-engine' });
        const fired = d.trace.rules.filter((r) => r.fired).map((r) => r.rule);
        entrants.push({ code: e.creditCode, stratum: d.result.stratum ?? 'ungraded', key: rankKey('2024-08-05 公开种子', e.creditCode), fired });
      }
    }
    const byRank = (list: typeof entrants) => [...list].sort((a, b) => a.key.localeCompare(b.key));
    const of = (stratum: string) => entrants.filter((e) => e.stratum === stratum);
    const expected = {
      // "A级企业固定抽取5户"; "B级企业抽取比例不高于50%" at the campaign's 40%, rounded down; "C级企业全部抽取"; "不单独抽取"
      A: Math.min(numberIn(reasonOfRule('stratum-a')), of('A').length),
      B: Math.floor(B_RATIO * of('B').length),
      C: of('C').length,
      ungraded: 0,
    };
    expect(of('A').length).toBeGreaterThan(expected.A);
    expect(of('C').length).toBeGreaterThan(0);
    for (const [stratum, k] of Object.entries(expected)) expect(plan.strata[stratum].drawn).toBe(k);
    expect(plan.strata.A).toEqual({ population: of('A').length, drawn: 5, rule: 'count', count: 5 });
    expect(plan.strata.B).toEqual({ population: of('B').length, ratio: B_RATIO, drawn: expected.B, rule: 'floor' });
    expect(plan.strata.C).toEqual({ population: of('C').length, drawn: of('C').length, rule: 'all' });

    const byStratum = new Set(
      Object.entries(expected).flatMap(([stratum, k]) =>
        byRank(of(stratum))
          .slice(0, k)
          .map((e) => e.code),
      ),
    );
    // "在其余用人单位中全区随机抽取20户": the first 20 by rank of those their stratum did not draw
    const area = byRank(entrants.filter((e) => !byStratum.has(e.code))).slice(0, numberIn(reasonOfRule('area-count')));
    expect(area).toHaveLength(20);
    expect(plan.area).toMatchObject({ count: 20, drawn: 20, population: entrants.length - byStratum.size, rule: 'area-count' });
    const random = new Set([...byStratum, ...area.map((e) => e.code)]);
    // "使用劳务派遣用工的单位全部纳入审查": each with its rule's reason and basis, unless drawn by rank anyway
    const forced = entrants.filter((e) => e.fired.includes('dispatch-users') && !random.has(e.code));
    expect(forced.length).toBeGreaterThan(0);
    expect(members.filter((m) => m.cause === 'random').map((m) => m.creditCode)).toEqual([...random].sort());
    expect(members.filter((m) => m.cause === 'forced').map((m) => m.creditCode)).toEqual(forced.map((e) => e.code).sort());
    expect(new Set(members.filter((m) => m.cause === 'forced').map((m) => m.note))).toEqual(new Set([`使用劳务派遣用工的单位全部纳入审查（${basis}）`]));
    const areaCodes = new Set(area.map((e) => e.code));
    expect(new Set(members.filter((m) => areaCodes.has(m.creditCode)).map((m) => m.note))).toEqual(new Set([`在其余用人单位中全区随机抽取20户（${basis}）`]));
    expect(plan.drawn).toBe(random.size + forced.length);
  });

  it('gives the same plan from the same seed whatever the order of the registry, another from another seed, and verifies', async () => {
    const one = await drawnCampaign('种子一');
    const again = await drawnCampaign('种子一', true);
    const other = await drawnCampaign('种子二');
    expect(again.plan.resultHash).toBe(one.plan.resultHash);
    expect(again.plan.populationHash).toBe(one.plan.populationHash);
    expect(again.members.map((m) => [m.creditCode, m.cause])).toEqual(one.members.map((m) => [m.creditCode, m.cause]));
    expect(other.plan.resultHash).not.toBe(one.plan.resultHash);
    const v = await verifyDraw(one.db, one.rules.decider, one.admin, one.campaign.id);
    expect(v.matches).toBe(true);
  });

  it('verifies from the stored policy once the rules have changed, and detects a member or an input tampered with', async () => {
    const w = await drawnCampaign('种子三');
    // the region edits its rules after the draw: the draw is redone from what it stored, count and area included
    const changed = await policyRules({ ...POLICY_RULES, version: 'policy.2', rules: POLICY_RULES.rules.filter((r) => r.name !== 'area-count') });
    expect((await verifyDraw(w.db, changed.decider, w.admin, w.campaign.id)).matches).toBe(true);
    const sql = (text: string) => w.db.$client.prepare(text).run();
    // one drawn by rank swapped for one that was not
    const drawnId = w.db.$client.prepare("SELECT employer_id FROM draw_members WHERE cause = 'random' LIMIT 1").pluck().get() as number;
    const undrawnId = w.db.$client
      .prepare('SELECT employer_id FROM draw_population WHERE employer_id NOT IN (SELECT employer_id FROM draw_members) LIMIT 1')
      .pluck()
      .get() as number;
    sql(`UPDATE draw_members SET employer_id = ${undrawnId} WHERE employer_id = ${drawnId}`);
    const tampered = await verifyDraw(w.db, w.rules.decider, w.admin, w.campaign.id);
    expect(tampered.matches).toBe(false);
    expect(tampered.recomputed.resultHash).toBe(tampered.stored.resultHash);
    expect(tampered.stored.membersHash).not.toBe(tampered.stored.resultHash);
    sql(`UPDATE draw_members SET employer_id = ${drawnId} WHERE employer_id = ${undrawnId}`);
    expect((await verifyDraw(w.db, w.rules.decider, w.admin, w.campaign.id)).matches).toBe(true);
    // an employer taken out of the area's union in the stored inputs
    sql(`UPDATE draw_population SET area = 0 WHERE employer_id = ${undrawnId}`);
    expect((await verifyDraw(w.db, changed.decider, w.admin, w.campaign.id)).matches).toBe(false);
  });

  it('refuses contradicting rules, an unknown key in a stratum event, and a ratio for a stratum of fixed count', async () => {
    const twice = { ...POLICY_RULES, rules: [...POLICY_RULES.rules, stratumRule('stratum-a-again', 'A', { count: 7 }, 'A级企业固定抽取7户')] };
    await expect(policyRules(twice)).rejects.toMatchObject({
      details: [expect.objectContaining({ file: 'rulesets/chongqing-jiangjin/sampling.json', pointer: '/rules/6/event/params' })],
    });
    const misspelt = { ...POLICY_RULES, rules: [stratumRule('stratum-a', 'A', { cuont: 5 }, 'A级企业固定抽取5户'), ...POLICY_RULES.rules.slice(1)] };
    const refused = await policyRules(misspelt).catch((err) => err);
    expect(refused.details).toContainEqual(expect.objectContaining({ pointer: '/rules/0/event/params/cuont', en: 'unknown key "cuont"' }));
    const rules = await policyRules();
    await expect(campaignOf('chongqing-jiangjin', 'cq-jiangjin', 2023, 10, rules, { ratios: { A: 0.03, B: 0.4 } })).rejects.toMatchObject({
      details: [expect.objectContaining({ pointer: '/settings/ratios/A', en: 'the sampling rules draw 5 of stratum "A": it takes no ratio' })],
    });
  });
});
