/**
 * Campaigns: one plugin, one reviewed year, one bureau, with settings checked against the plugin's
 * campaign schema and ratios checked against the bounds of its sampling rules.
 */
import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { StampedCache } from '../db/stamp.ts';
import { first, transaction } from '../db/store.ts';
import { addWorkingDays } from '../calendar.ts';
import { join, relative } from 'node:path';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import { drawPolicy } from '../drawPolicy.ts';
import { LIFECYCLE_KEYS, type Lifecycle } from '../types.ts';
import { campaignDate, rectificationDue } from '../deadlines.ts';

export { campaignDate };
import type { Registry } from '../registry.ts';
import { createAjv, schemaErrors } from '../schema.ts';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { requireStep } from '../policy.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { campaignNow, requireUnclaimed } from './campaignClaim.ts';
import { bureauScope, regionOf, requireJurisdiction } from './bureaus.ts';
import { isMember } from './population.ts';
import { dateOrderErrors } from './settingsDates.ts';

export type Campaign = typeof schema.campaigns.$inferSelect;

export interface CampaignInput {
  plugin: string;
  year: number;
  bureau: string;
  settings: Record<string, unknown>;
}

// made on first use: an ajv instance costs tens of milliseconds, paid by every importer otherwise
let ajv: ReturnType<typeof createAjv> | undefined;
const validators = new WeakMap<object, ValidateFunction>();

/**
 * The validator of a plugin's campaign schema, compiled once per loaded schema. Rules reloaded after
 * an edit bring a new copy of a schema of the same $id, which ajv refuses to add twice: the old goes.
 */
function campaignValidator(campaignSchema: Record<string, unknown>): ValidateFunction {
  let validate = validators.get(campaignSchema);
  if (!validate) {
    ajv ??= createAjv();
    if (typeof campaignSchema.$id === 'string') ajv.removeSchema(campaignSchema.$id);
    validate = ajv.compile(campaignSchema);
    validators.set(campaignSchema, validate);
  }
  return validate;
}

/**
 * A title naming another year than the campaign's: a campaign made from last year's settings keeps
 * last year's title (「关于做好2023年度…的通知」 over a 2024 campaign) unless it is refused.
 */
function titleYearErrors({ year, title }: { year?: unknown; title?: unknown }): ErrorDetail[] {
  if (typeof year !== 'number' || typeof title !== 'string') return [];
  const named = [...title.matchAll(/(\d{4})年度/g)].map((m) => Number(m[1])).filter((y) => y !== year);
  if (!named.length) return [];
  return [
    {
      pointer: '/settings/title',
      zh: `「通知标题」写的是 ${named[0]} 年度，活动是 ${year} 年度`,
      en: `the title names the year ${named[0]}, the campaign is of ${year}`,
    },
  ];
}

/** Settings problems, each with its JSON pointer; ratios must sit within the sampling bounds. */
export function checkSettings(registry: Registry, pluginId: string, settings: unknown, at: string): ErrorDetail[] {
  const plugin = registry.get(pluginId);
  if (plugin.campaignSchema) {
    const validate = campaignValidator(plugin.campaignSchema);
    if (!validate(settings)) return schemaErrors(validate.errors, undefined, '/settings', plugin.campaignSchema);
  }
  const errors: ErrorDetail[] = [
    ...(plugin.campaignSchema ? dateOrderErrors(plugin.campaignSchema, settings as Record<string, unknown>) : []),
    ...titleYearErrors(settings as { year?: unknown; title?: unknown }),
  ];
  const lifecycle = plugin.lifecycle();
  for (const key of LIFECYCLE_KEYS) {
    if (!lifecycle[key])
      errors.push({
        file: relative(registry.root, join(plugin.dir, 'plugin.json')),
        pointer: `/lifecycle/${key}`,
        zh: `插件 ${pluginId} 及其继承的插件都没有设定 lifecycle.${key}，不能建立活动（设定它，或继承 national）`,
        en: `neither ${pluginId} nor the plugins it extends set lifecycle.${key}: no campaign can be made (set it, or extend national)`,
      });
  }
  const publicity = lifecycle.publicityWorkingDays;
  const days = (settings as { publicityWorkingDays?: unknown }).publicityWorkingDays;
  if (publicity && typeof days === 'number' && days < publicity.value) {
    errors.push({
      pointer: '/settings/publicityWorkingDays',
      zh: `公示 ${days} 个工作日，少于 ${publicity.value} 个工作日（${publicity.basis}）`,
      en: `a publicity of ${days} working days is shorter than the ${publicity.value} the region requires`,
    });
  }
  const ratios = ((settings as { ratios?: Record<string, number> }).ratios ?? {}) as Record<string, number>;
  const sampling = plugin.declares('sampling') ? plugin.effectiveRuleset('sampling', at) : undefined;
  const strata = drawPolicy(sampling?.rules ?? []).strata;
  for (const [stratum, ratio] of Object.entries(ratios)) {
    const policy = strata.get(stratum);
    const pointer = `/settings/ratios/${stratum}`;
    if (!policy)
      errors.push({ pointer, zh: `抽取规则没有“${stratum}”层（有：${[...strata.keys()].join('、')}）`, en: `the sampling rules have no stratum "${stratum}"` });
    else if (policy.rule === 'count' || policy.rule === 'all') {
      // a ratio the draw would not use is refused rather than silently ignored
      const fixed = policy.rule === 'all' ? '全部抽取' : `固定抽取 ${policy.count} 家`;
      errors.push({
        pointer,
        zh: `抽取规则对“${stratum}”层${fixed}，不取比例`,
        en: `the sampling rules draw ${policy.rule === 'all' ? 'all' : policy.count} of stratum "${stratum}": it takes no ratio`,
      });
    } else if ((policy.bounds.min !== undefined && ratio < policy.bounds.min) || (policy.bounds.max !== undefined && ratio > policy.bounds.max)) {
      const range = `${policy.bounds.min ?? 0}–${policy.bounds.max ?? 1}`;
      errors.push({ pointer, zh: `比例 ${ratio} 超出规则允许的范围 ${range}`, en: `ratio ${ratio} is outside the rules' bounds ${range}` });
    }
  }
  for (const [stratum, policy] of strata) {
    if ((policy.rule === 'floor' || policy.rule === 'ceil') && !(stratum in ratios))
      errors.push({ pointer: '/settings/ratios', zh: `缺少“${stratum}”层的抽取比例`, en: `no ratio for stratum "${stratum}"` });
  }
  return errors;
}

/** The settings' problems (with `more` found by the caller) as one error, or nothing when there are none. */
export function requireSettings(registry: Registry, pluginId: string, settings: unknown, at: string, more: ErrorDetail[] = []): void {
  const errors = [...checkSettings(registry, pluginId, settings, at), ...more];
  if (errors.length) throw new JianchaError('invalid-input', `活动设置有 ${errors.length} 处错误`, `campaign settings have ${errors.length} error(s)`, errors);
}

/**
 * The campaign's deadlines: the declaration's (a date in the settings, else n working days after the
 * notice, n from the settings or the region's lifecycle, else the campaign's end), rectification (a date in
 * the settings, else the lifecycle's day of the notice's year) and the publicity period in working days (as
 * set, never fewer than the lifecycle's, e.g. 江津: 拟评价结果公示不少于5个工作日).
 */
export function campaignDeadlines(c: Pick<Campaign, 'year' | 'settings' | 'lifecycle'>) {
  const s = c.settings as {
    declarationDeadline?: string;
    declarationWorkingDays?: number;
    end?: string;
    rectificationDue?: string;
    publicityWorkingDays?: number;
  };
  const { lifecycle } = c;
  const noticeDate = campaignDate(c);
  const byWorkingDays = () => addWorkingDays(noticeDate, s.declarationWorkingDays ?? lifecycle.declarationWorkingDays.value);
  return {
    declaration: s.declarationDeadline ?? (s.end && !s.declarationWorkingDays ? s.end : byWorkingDays()),
    rectification: rectificationDue(c, lifecycle)!,
    publicityWorkingDays: Math.max(lifecycle.publicityWorkingDays.value, s.publicityWorkingDays ?? 0),
  };
}

export async function createCampaign(db: Db, registry: Registry, actor: Actor, input: CampaignInput): Promise<Campaign> {
  requireStep(actor, 'campaign.create', input.plugin);
  const plugin = registry.get(input.plugin);
  if (!plugin.bureau(input.bureau)) {
    throw new JianchaError(
      'invalid-input',
      `插件 ${input.plugin} 的名录中没有人社局 ${input.bureau}`,
      `bureau ${input.bureau} is not in ${input.plugin}'s directory`,
    );
  }
  requireJurisdiction(db, actor, input.bureau);
  const mismatch: ErrorDetail[] =
    input.settings.year !== undefined && input.settings.year !== input.year
      ? [
          {
            pointer: '/settings/year',
            zh: `设置中的年度 ${input.settings.year} 与活动年度 ${input.year} 不一致`,
            en: `settings year ${input.settings.year} differs from ${input.year}`,
          },
        ]
      : [];
  requireSettings(registry, input.plugin, input.settings, campaignDate({ year: input.year, settings: input.settings }), mismatch);
  return transaction(db, async (tx) => {
    const campaign = (await first(
      tx
        .insert(schema.campaigns)
        .values({
          plugin: input.plugin,
          year: input.year,
          bureauId: input.bureau,
          settings: input.settings,
          // complete: checkSettings refused a chain that leaves a number unset
          lifecycle: plugin.lifecycle() as Lifecycle,
          templateOverrides: {},
          status: 'created',
          createdBy: actor.userId,
          createdAt: now(),
        })
        .returning(),
    ))!;
    await audit(tx, actor, 'create', 'campaign', campaign.id, null, campaign);
    return campaign;
  });
}

/**
 * A campaign the actor may see: its own bureau's, or the campaign of a bureau above it (a county sees
 * the prefecture's campaign, limited to its own employers by the services that list them). Steps
 * that change the campaign check the bureau again with requireBureau.
 */
// every request of a campaign reads it: remembered, frozen, until the database changes
const campaignRows = new StampedCache<Readonly<Campaign> | undefined>(1000);

export function getCampaign(db: Db, actor: Actor, id: number): Campaign {
  const campaign = campaignRows.get(db, String(id), () => {
    const row = db.select().from(schema.campaigns).where(eq(schema.campaigns.id, id)).get();
    return row && Object.freeze(row);
  });
  if (!campaign) throw new JianchaError('not-found', `没有活动 ${id}`, `no campaign ${id}`);
  if (actor.role === 'employer') {
    if (!partOf(db, actor, campaign)) throw new JianchaError('not-found', `没有活动 ${id}`, `no campaign ${id}`);
    return campaign;
  }
  if (actor.bureauId === null || !bureauScope(db, campaign.bureauId).includes(actor.bureauId)) requireBureau(actor, campaign.bureauId);
  return campaign;
}

/** An employer account is part of a campaign of its own region whose population holds its credit code. */
function partOf(db: Db, actor: Actor, campaign: Campaign): boolean {
  const region = regionOf(db, campaign.bureauId);
  if (actor.region !== region) return false;
  const own = db
    .select({ id: schema.employers.id })
    .from(schema.employers)
    .where(and(eq(schema.employers.region, region), eq(schema.employers.creditCode, actor.creditCode ?? '')))
    .get();
  return !!own && isMember(db, campaign, own.id);
}

export async function listCampaigns(db: Db, actor: Actor): Promise<Campaign[]> {
  const campaigns = await db.select().from(schema.campaigns);
  if (actor.role === 'employer') return campaigns.filter((c) => partOf(db, actor, c));
  return campaigns.filter((c) => actor.bureauId === null || bureauScope(db, c.bureauId).includes(actor.bureauId));
}

const ORDER = ['created', 'assigned', 'drawn', 'graded', 'publicity', 'published'];

/** The steps by the name a clerk knows them. */
const STEPS: Record<string, string> = { created: '创建', assigned: '划分管辖', drawn: '抽取', graded: '初评', publicity: '公示', published: '公布' };

/**
 * Steps come in order: a step needs the one before it, and some close once a later one is done
 * (declarations and reviews once graded, grade changes once published): `last` is the last status
 * in which the step is still open.
 */
export function requireStatus(campaign: Campaign, needed: string, action: { zh: string; en: string }, last = 'published'): void {
  requireUnclaimed(campaign, action);
  const at = ORDER.indexOf(campaign.status);
  if (at < ORDER.indexOf(needed)) {
    throw new JianchaError(
      'conflict',
      `活动 ${campaign.id} 尚未完成“${STEPS[needed]}”，不能${action.zh}`,
      `campaign ${campaign.id} is not ${needed} yet: cannot ${action.en}`,
    );
  }
  if (at > ORDER.indexOf(last)) {
    throw new JianchaError(
      'conflict',
      `活动 ${campaign.id} 已完成“${STEPS[campaign.status]}”，不能再${action.zh}`,
      `campaign ${campaign.id} is ${campaign.status} already: cannot ${action.en}`,
    );
  }
}

/** requireStatus on the campaign as it is within the caller's write transaction (opened immediate), not as read before it. */
export async function requireStatusNow(tx: Db, campaignId: number, needed: string, action: { zh: string; en: string }, last = 'published'): Promise<void> {
  requireStatus(await campaignNow(tx, campaignId), needed, action, last);
}

export async function advanceStatus(db: Db, campaign: Campaign, status: string): Promise<void> {
  if (ORDER.indexOf(status) > ORDER.indexOf(campaign.status)) {
    await db.update(schema.campaigns).set({ status }).where(eq(schema.campaigns.id, campaign.id));
  }
}
