/**
 * A seeded synthetic population of employers with their year's record, for benchmarks, the demo and
 * end-to-end tests. The same seed gives the same population, whatever machine runs it.
 */
import { makeCreditCode } from './creditCode.ts';
import type { Plugin } from './plugin.ts';
import type { Facts } from './types.ts';

/** mulberry32: small, fast and good enough for test data (never for the draw, which is keyed SHA-256) */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INDUSTRIES = [
  '1311',
  '1810',
  '2614',
  '3612',
  '3911',
  '4411',
  '4711',
  '4811',
  '5022',
  '5111',
  '5231',
  '5411',
  '5810',
  '6010',
  '6432',
  '6513',
  '7011',
  '7262',
  '8010',
  '8421',
];
const UNIT_TYPES: [string, number][] = [
  ['enterprise', 0.8],
  ['individualBusiness', 0.08],
  ['institution', 0.04],
  ['organ', 0.03],
  ['socialOrganization', 0.03],
  ['privateNonEnterprise', 0.02],
];
const SYLLABLES = ['华', '盛', '鑫', '达', '通', '远', '恒', '泰', '宏', '信', '安', '诚', '隆', '昌', '顺', '和', '兴', '丰', '源', '汇'];
const SUFFIX: Record<string, string> = {
  enterprise: '有限公司',
  individualBusiness: '经营部',
  institution: '中心',
  organ: '局',
  socialOrganization: '协会',
  privateNonEnterprise: '培训学校',
};

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  let r = rand();
  for (const [value, weight] of weighted) {
    if ((r -= weight) < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

/** Last grades as bureaus see them: 40% the best level, 3% the worst, half in between, 7% none. */
function lastGradeWeights(plugin: Plugin): [string | null, number][] {
  const best = [...plugin.gradeScale().codes].reverse();
  const worst = best.pop() as string;
  const middle = best.slice(1);
  return [[best[0], 0.4], ...middle.map((code): [string, number] => [code, 0.5 / middle.length]), [worst, middle.length ? 0.03 : 0.53], [null, 0.07]];
}

/** Divisions a plugin's directory covers, for registered districts. */
function divisionsOf(plugin: Plugin): string[] {
  const fromBureaus = plugin.bureaus().flatMap((b) => b.divisions ?? []);
  return fromBureaus.length ? fromBureaus : (plugin.manifest.divisionCodes ?? ['110101']);
}

export function syntheticEmployer(plugin: Plugin, index: number, rand: () => number): Facts {
  const divisions = divisionsOf(plugin);
  // findings name only items the region reviews: one it does not review has no words or basis to print
  const items = plugin.reviewItems().map((i) => i.item);
  const home = plugin.manifest.divisionCodes?.[0];
  // most employers of a district's registry are registered in that district
  const divisionCode = home && divisions.includes(home) && rand() < 0.85 ? home : divisions[Math.floor(rand() * divisions.length)];
  const unitType = pick(rand, UNIT_TYPES);
  const headcount = unitType === 'individualBusiness' ? Math.floor(rand() * 8) : Math.floor(Math.exp(rand() * 7));
  const parks = plugin.parks();
  const punishedCount = pick(rand, [
    [0, 0.85],
    [1, 0.1],
    [2, 0.03],
    [3, 0.015],
    [4, 0.005],
  ]);
  const overdue = rand() < 0.05;
  const name = `${plugin.manifest.name}${SYLLABLES[index % 20]}${SYLLABLES[Math.floor(index / 20) % 20]}${SYLLABLES[Math.floor(rand() * 20)]}${SUFFIX[unitType]}`;
  return {
    creditCode: makeCreditCode(
      unitType === 'enterprise' ? '91' : unitType === 'individualBusiness' ? '92' : unitType === 'socialOrganization' ? '51' : '12',
      divisionCode,
      `MA${String(index).padStart(7, '0')}`,
    ),
    name,
    unitType,
    adminLevel: ['organ', 'institution', 'socialOrganization'].includes(unitType)
      ? pick(rand, [
          ['county', 0.6],
          ['prefecture', 0.3],
          ['region', 0.05],
          ['central', 0.05],
        ])
      : null,
    divisionCode,
    workDivisionCodes: rand() < 0.1 ? [divisions[Math.floor(rand() * divisions.length)]] : [],
    park: parks.length && rand() < 0.1 ? parks[Math.floor(rand() * parks.length)].id : null,
    industryCode: INDUSTRIES[Math.floor(rand() * INDUSTRIES.length)],
    headcount,
    usesDispatch: rand() < 0.1,
    operating: rand() < 0.97,
    lastGrade: pick(rand, lastGradeWeights(plugin)),
    punishedCount,
    childLabour: punishedCount > 0 && rand() < 0.01,
    forcedLabour: false,
    massIncident: punishedCount > 0 && rand() < 0.01,
    refusedOrders: punishedCount > 0 && rand() < 0.02,
    obstructedInspection: rand() < 0.002,
    criminalLiability: punishedCount > 0 && rand() < 0.005,
    wageArrearsBlacklist: punishedCount > 0 && rand() < 0.02,
    majorViolationPublished: punishedCount > 1 && rand() < 0.1,
    inspected: punishedCount > 0 || rand() < 0.5,
    writtenReview: { outcome: 'none', overdue, overdueExcused: overdue && rand() < 0.3 },
    violations: rand() < 0.7 || !items.length ? [] : [{ item: items[Math.floor(rand() * items.length)], severity: rand() < 0.8 ? 'minor' : 'penalty' }],
    undetermined: rand() < 0.02,
  };
}

/** `count` employers of a plugin's region; the same seed gives the same population. */
export function* syntheticPopulation(plugin: Plugin, count: number, seed = 1): Generator<Facts> {
  const rand = seededRandom(seed);
  for (let i = 0; i < count; i++) yield syntheticEmployer(plugin, i, rand);
}
