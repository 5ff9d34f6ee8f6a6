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
import { localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { campaignDate, createCampaign, type Campaign } from './campaign.ts';
import { planDraw, rankKey, type DrawMember, type ManualAddition } from './draw.ts';
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

async function campaignOf(plugin: string, bureau: string, year: number, n: number): Promise<{ db: Db; campaign: Campaign }> {
  const db = openDatabase(':memory:');
  syncBureaus(db, registry);
  const admin = localAdministrator(db);
  await storeEmployers(db, admin, plugin, [...syntheticPopulation(registry.get(plugin), n, 7)] as never, 'synthetic');
  const settings = JSON.parse(readFileSync(join(registry.get(plugin).dir, 'campaign.example.json'), 'utf8'));
  const campaign = createCampaign(db, registry, admin, { plugin, year, bureau, settings });
  await assignJurisdiction(db, decider, admin, campaign.id);
  return { db, campaign };
}

async function referencePlan(db: Db, campaign: Campaign, seed: string, manual: ManualAddition[]) {
  const at = campaignDate(campaign);
  const prepared = decider.prepare(campaign.plugin, 'sampling', at);
  const strata = new Map<string, { members: DrawMember[]; min?: number }>();
  const forced: DrawMember[] = [];
  const lines: string[] = [];
  for (const page of populationPages(db, campaign)) {
    for (const e of page) {
      const result = (await decider.run(prepared, employerFacts(e, campaign.year), at)).result as SamplingResult;
      const stratum = result.stratum ?? 'ungraded';
      const member: DrawMember = { employerId: e.id, creditCode: e.creditCode, stratum, cause: 'random', rankKey: rankKey(seed, e.creditCode), note: null };
      lines.push(`${e.creditCode}:${stratum}`);
      strata.set(stratum, { members: [...(strata.get(stratum)?.members ?? []), member], min: result.bounds.min });
      if (result.forced) forced.push({ ...member, cause: 'forced', note: result.reasons.find((r) => r.rule)?.reason ?? null });
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
