/**
 * The 审查表 as the employer fills it in and the bureau completes it: the results its review may come
 * to under the plugin's review rules, offered to tick (江津通知 三、（一）3: 审查合格、基本合格或者不合格;
 * 昌吉通知 五、（二）: 合格或不合格, 暂时不能确定结果的实地核查), and the sheet blank, as a notice attaches it.
 */
import type { Plugin } from '../plugin.ts';

/** The labels of the outcomes some review rule gives, in the order the rules' labels list them. */
export function reviewOutcomes(plugin: Plugin, at: string): string[] {
  const ruleset = plugin.declares('review') ? plugin.effectiveRuleset('review', at) : undefined;
  if (!ruleset) return [];
  const given = new Set(ruleset.rules.map((r) => r.event?.params.outcome));
  return Object.entries(ruleset.labels)
    .filter(([code]) => given.has(code))
    .map(([, label]) => label);
}

/** The sheet with nothing filled in: what the campaign notice attaches for every employer. */
export function blankReviewSheet(plugin: Plugin, at: string) {
  return { employer: { name: '', creditCode: '' }, basics: {}, outcomes: reviewOutcomes(plugin, at) };
}
