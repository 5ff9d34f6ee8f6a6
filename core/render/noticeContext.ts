/**
 * What a campaign notice says that rules decide, read from the plugin's effective rulesets, so that
 * changing a rule changes the notice: the document lists, the draw ratios and key industries, the
 * jurisdiction paragraphs, the supervision per grade, the review items and the bureaus.
 */
import { fillYear } from '../decisions/documents.ts';
import type { EffectiveRule, Plugin } from '../plugin.ts';
import { BoundedCache } from '../boundedCache.ts';
import { conditionValues } from '../paramText.ts';
import { byPrecedence } from '../trace.ts';
import type { DecisionKind } from '../types.ts';
import { percent } from './helpers.ts';
import { rectificationDue } from '../deadlines.ts';
import { blankReviewSheet } from './reviewSheet.ts';
import { policyWords, stratumPolicy } from '../drawPolicy.ts';

const PHASES = { upload: '平台须上传的资料', bringToReview: '审核时须携带的资料', mailIn: '线下报送的资料' } as const;

function rulesOf(plugin: Plugin, decision: DecisionKind, at: string): EffectiveRule[] {
  if (!plugin.declares(decision)) return [];
  return [...(plugin.effectiveRuleset(decision, at)?.rules ?? [])].sort(byPrecedence);
}

/** A reason as the end of its sentence: with its full stop, unless it closes with one or a bracket. */
const stop = (reason: string) => (/[。）]$/.test(reason) ? reason : `${reason}。`);

/**
 * The notice's paragraphs from rules: the reasons of rules resting on the same clause form one
 * paragraph, in the order the rules are written, each sentence once. An inform rule's reason goes on
 * with the sentence before it after 「，」: it says who tells whom about the units that sentence
 * assigns (江津通知 四、（一）「区县管辖企业由注册地人力社保部门评价，企业用工所在地与注册地不一致的，…」).
 */
function paragraphsByBasis(rules: EffectiveRule[]): string[] {
  const paragraphs = new Map<string, string[]>();
  for (const rule of [...rules].sort((a, b) => a.order - b.order)) {
    const basis = rule.event!.params.basis;
    const reason = rule.event!.params.reason as string;
    const sentences = paragraphs.get(basis) ?? [];
    if (sentences.some((s) => s === reason || s.endsWith(`，${reason}`))) continue;
    if (rule.event!.type === 'inform' && sentences.length) sentences.push(`${sentences.pop()}，${reason}`);
    else sentences.push(reason);
    paragraphs.set(basis, sentences);
  }
  return [...paragraphs.values()].map((s) => s.map(stop).join(''));
}

type NoticeContext = ReturnType<typeof contextOf>;

// a campaign's notice is rendered again and again from the same settings and rules: its context is
// kept per plugin (a rules edit loads a new one) and per settings, bounded as a client chooses settings;
// a batch passes the one settings object each time, found by itself before its text is written out
const contexts = new WeakMap<Plugin, { byText: BoundedCache<string, NoticeContext>; byObject: WeakMap<object, Map<string, NoticeContext>> }>();

/**
 * The notice's context, built once per plugin, settings and date; callers must not change it, nor
 * change settings in place once a notice is rendered from them (a changed copy is new settings).
 */
export function noticeContext(plugin: Plugin, settings: Record<string, unknown>, at: string): NoticeContext {
  let cache = contexts.get(plugin);
  if (!cache) contexts.set(plugin, (cache = { byText: new BoundedCache(100), byObject: new WeakMap() }));
  let byDate = cache.byObject.get(settings);
  if (!byDate) cache.byObject.set(settings, (byDate = new Map()));
  let context = byDate.get(at);
  if (!context) {
    const { byText } = cache;
    byDate.set(at, (context = byText.getOrMake(`${at}|${JSON.stringify(settings)}`, () => contextOf(plugin, settings, at))));
  }
  return context;
}

function contextOf(plugin: Plugin, settings: Record<string, unknown>, at: string) {
  const year = settings.year as number;
  // documents: group → phase → numbered items; items sharing a number are one entry of the notice
  const groups: { name: string; phases: { phase: string; title: string; items: { order: number; lines: string[]; worded: boolean }[] }[] }[] = [];
  const seen = new Set<string>();
  for (const rule of rulesOf(plugin, 'documents', at)) {
    const p = rule.event!.params as Record<string, unknown>;
    // an item of the notice that covers several rules is worded once, by its first rule
    const line = p.noticeText
      ? fillYear(p.noticeText as string, year)
      : `${fillYear(p.name as string, year)}${p.quantity ? `（${fillYear(p.quantity as string, year)}）` : ''}`;
    const key = `${p.group}|${p.phase}|${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const groupName = (p.group as string | undefined) ?? '';
    let group = groups.find((g) => g.name === groupName);
    if (!group) groups.push((group = { name: groupName, phases: [] }));
    const phaseKey = p.phase as keyof typeof PHASES;
    let phase = group.phases.find((x) => x.phase === phaseKey);
    if (!phase) group.phases.push((phase = { phase: phaseKey, title: PHASES[phaseKey], items: [] }));
    const order = (p.order as number | undefined) ?? phase.items.length + 1;
    const item = phase.items.find((i) => i.order === order);
    if (!item) phase.items.push({ order, lines: [line], worded: Boolean(p.noticeText) });
    else if (!item.worded) item.lines.push(line);
  }
  const sampling = rulesOf(plugin, 'sampling', at);
  const strata = sampling
    .filter((r) => r.event!.type === 'stratum')
    .map((r) => {
      const p = r.event!.params;
      return { stratum: p.stratum as string, bound: policyWords(stratumPolicy(p), percent), regionChoice: p.regionChoice === true };
    });
  const cadenceRules = rulesOf(plugin, 'cadence', at);
  const cadence = cadenceRules
    .filter((r) => r.event!.type === 'cadence')
    .map((r) => ({ grade: conditionValues(r.conditions).grade as string, measures: (r.event!.params.measures as string[]).join('，') }));
  const plaque = cadenceRules.find((r) => r.event!.params.plaque === true);
  return {
    settings,
    year,
    // as a campaign of these settings sets it (campaignDeadlines): the settings' date, else the region's day of the notice's year
    rectificationDue: rectificationDue({ year, settings }, plugin.lifecycle()),
    plugin: { id: plugin.id, name: plugin.manifest.name },
    supervisionTelephone: plugin.manifest.supervisionTelephone ?? null,
    bureaus: plugin.bureaus().filter((b) => b.telephone),
    reviewItems: plugin.reviewItems(),
    documents: groups,
    strata,
    gradedStrata: strata.filter((s) => plugin.gradeScale().has(s.stratum)),
    keyIndustries: sampling.filter((r) => r.event!.type === 'forced').map((r) => r.event!.params.reason as string),
    jurisdictionParagraphs: paragraphsByBasis(rulesOf(plugin, 'jurisdiction', at).filter((r) => r.event!.type === 'assign' || r.event!.type === 'inform')),
    gradeCaps: rulesOf(plugin, 'grading', at)
      .filter((r) => r.from.plugin === plugin.id && r.event!.type === 'grade')
      .map((r) => r.event!.params.reason as string),
    cadence,
    // the years of A a plaque rests on, as its rule compares them (江津通知 四、（四）2「对连续3年评为A级的企业」)
    plaqueYears: plaque ? (conditionValues(plaque.conditions).consecutiveBestYears ?? null) : null,
    // the 审查表 as a notice attaches it, with the settings its 审查年度 reads
    blankSheet: { ...blankReviewSheet(plugin, at), settings },
  };
}
