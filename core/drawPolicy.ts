/**
 * A region's draw policy, read from its sampling rules: how many of each stratum are drawn (the
 * campaign's ratio within the rule's bounds, a fixed count, or all of it), and a count across the
 * area drawn from the union the area rule selects. Forced sets are rules too (events `forced`);
 * this module reads only what the draw needs to size its picks.
 */
import type { Bounds } from './decisions/sampling.ts';
import { JianchaError, type ErrorDetail } from './errors.ts';
import type { RuleSpec } from './types.ts';

/** A stratum's kind: by ratio, rounded down under a maximum and up over a minimum; a fixed count; or all. */
export type StratumPolicy = { rule: 'floor' | 'ceil'; bounds: Bounds } | { rule: 'count'; count: number } | { rule: 'all' };

/** What the draw stored of a stratum: the shape of the ratio kinds is the one draws have always stored. */
export type StratumPlan =
  | { population: number; ratio: number; drawn: number; rule: 'floor' | 'ceil' }
  | { population: number; drawn: number; rule: 'count'; count: number }
  | { population: number; drawn: number; rule: 'all' };

/** The count across the area: from the rule that selects its union, with the rule's reason and basis. */
export interface AreaPolicy {
  count: number;
  rule: string;
  reason: string;
  basis: string;
}

export interface AreaPlan extends AreaPolicy {
  /** the union's employers not drawn by their stratum, from whom the count is drawn */
  population: number;
  drawn: number;
}

export interface DrawPolicy {
  strata: Map<string, StratumPolicy>;
  area?: AreaPolicy;
}

export function stratumPolicy(params: Record<string, unknown>): StratumPolicy {
  if (params.all === true) return { rule: 'all' };
  if (typeof params.count === 'number') return { rule: 'count', count: params.count };
  const bounds = (params.bounds as Bounds | undefined) ?? {};
  return { rule: bounds.min !== undefined ? 'ceil' : 'floor', bounds };
}

const same = (a: StratumPolicy, b: StratumPolicy) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The policy of these rules and what contradicts itself in them: two rules giving one stratum two
 * policies, or two counts across the area. `pointerOf` names a rule's place in its file.
 */
export function readDrawPolicy(rules: readonly RuleSpec[], pointerOf: (i: number) => string): { policy: DrawPolicy; problems: ErrorDetail[] } {
  const policy: DrawPolicy = { strata: new Map() };
  const problems: ErrorDetail[] = [];
  const givenBy = new Map<string, string>();
  rules.forEach((rule, i) => {
    const event = rule.event;
    if (event?.type === 'stratum') {
      const name = event.params.stratum as string;
      const own = stratumPolicy(event.params);
      const known = policy.strata.get(name);
      if (!known) {
        policy.strata.set(name, own);
        givenBy.set(name, rule.name);
      } else if (!same(known, own)) {
        problems.push({
          pointer: `${pointerOf(i)}/event/params`,
          zh: `规则“${rule.name}”与“${givenBy.get(name)}”给“${name}”层不同的抽取方式`,
          en: `rules ${rule.name} and ${givenBy.get(name)} give stratum "${name}" different draw policies`,
        });
      }
    } else if (event?.type === 'areaCount') {
      if (policy.area) {
        problems.push({
          pointer: `${pointerOf(i)}/event`,
          zh: `全域抽取数只能有一条规则（已有“${policy.area.rule}”）`,
          en: `only one rule may give the count across the area (${policy.area.rule} does already)`,
        });
      } else {
        policy.area = { count: event.params.count as number, rule: rule.name, reason: event.params.reason ?? '', basis: event.params.basis };
      }
    }
  });
  return { policy, problems };
}

/** The policy of the rules in force; contradictions are an error (they are refused when the rules load). */
export function drawPolicy(rules: readonly RuleSpec[]): DrawPolicy {
  const { policy, problems } = readDrawPolicy(rules, (i) => `/rules/${i}`);
  if (problems.length) throw new JianchaError('invalid-ruleset', '抽取规则自相矛盾', 'the sampling rules contradict themselves', problems);
  return policy;
}

/**
 * How many of a stratum of `population` are drawn by rank. A hair of tolerance so that 0.95 × 20 is
 * 19, not 19.000000000000004 rounded up to 20. A fixed count larger than the stratum takes it all.
 */
export function drawnOf(policy: StratumPolicy, population: number, ratio: number): number {
  if (policy.rule === 'all') return population;
  if (policy.rule === 'count') return Math.min(policy.count, population);
  const exact = ratio * population;
  return policy.rule === 'ceil' ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9);
}

/** A stratum's size by policy, as stored: the ratio kinds keep the shape draws have always stored. */
export function stratumPlan(policy: StratumPolicy, population: number, ratio: number | undefined): StratumPlan {
  if (policy.rule === 'all') return { population, drawn: population, rule: 'all' };
  if (policy.rule === 'count') return { population, drawn: drawnOf(policy, population, 0), rule: 'count', count: policy.count };
  return { population, ratio: ratio as number, drawn: drawnOf(policy, population, ratio as number), rule: policy.rule };
}

/** The policy a stored stratum was drawn by, for redoing the draw once its rules have changed. */
export function storedPolicy(plan: StratumPlan): StratumPolicy {
  if (plan.rule === 'all') return { rule: 'all' };
  if (plan.rule === 'count') return { rule: 'count', count: plan.count };
  return { rule: plan.rule, bounds: {} };
}

/** The policy as the notice words it, e.g. 不高于3%, 抽取20家, 全部. */
export function policyWords(policy: StratumPolicy, percent: (ratio: number) => string): string {
  if (policy.rule === 'all') return '全部抽取';
  if (policy.rule === 'count') return `抽取${policy.count}家`;
  return policy.bounds.max !== undefined ? `不高于${percent(policy.bounds.max)}` : `不低于${percent(policy.bounds.min ?? 0)}`;
}
