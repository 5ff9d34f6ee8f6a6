/**
 * Campaigns: one plugin, one reviewed year, one bureau, with settings checked against the plugin's
 * campaign schema and ratios checked against the bounds of its sampling rules.
 */
import { and, eq } from 'drizzle-orm';
import { schema, type Db, type DbOrTx } from '../db/index.ts';
import { addWorkingDays } from '../calendar.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import type { Registry } from '../registry.ts';
import { createAjv, schemaErrors } from '../schema.ts';
import { requireStep } from '../policy.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { bureauScope, regionOf, requireJurisdiction } from './bureaus.ts';
import { isMember } from './population.ts';

export type Campaign = typeof schema.campaigns.$inferSelect;

export interface CampaignInput {
  plugin: string;
  year: number;
  bureau: string;
  settings: Record<string, unknown>;
}

const ajv = createAjv();

/** Settings problems, each with its JSON pointer; ratios must sit within the sampling bounds. */
export function checkSettings(registry: Registry, pluginId: string, settings: unknown, at: string): ErrorDetail[] {
  const plugin = registry.get(pluginId);
  if (plugin.campaignSchema) {
    const validate = ajv.compile(plugin.campaignSchema);
    if (!validate(settings)) return schemaErrors(validate.errors, undefined, '/settings');
  }
  const errors: ErrorDetail[] = [];
  const ratios = ((settings as { ratios?: Record<string, number> }).ratios ?? {}) as Record<string, number>;
  const sampling = plugin.declares('sampling') ? plugin.effectiveRuleset('sampling', at) : undefined;
  const strata = new Map<string, { min?: number; max?: number }>();
  for (const rule of sampling?.rules ?? []) {
    if (rule.event?.type === 'stratum') strata.set(rule.event.params.stratum as string, rule.event.params.bounds as { min?: number; max?: number });
  }
  for (const [stratum, ratio] of Object.entries(ratios)) {
    const bounds = strata.get(stratum);
    const pointer = `/settings/ratios/${stratum}`;
    if (!bounds)
      errors.push({ pointer, zh: `抽取规则没有“${stratum}”层（有：${[...strata.keys()].join('、')}）`, en: `the sampling rules have no stratum "${stratum}"` });
    else if ((bounds.min !== undefined && ratio < bounds.min) || (bounds.max !== undefined && ratio > bounds.max)) {
      const range = `${bounds.min ?? 0}–${bounds.max ?? 1}`;
      errors.push({ pointer, zh: `比例 ${ratio} 超出规则允许的范围 ${range}`, en: `ratio ${ratio} is outside the rules' bounds ${range}` });
    }
  }
  for (const stratum of strata.keys()) {
    if (!(stratum in ratios)) errors.push({ pointer: '/settings/ratios', zh: `缺少“${stratum}”层的抽取比例`, en: `no ratio for stratum "${stratum}"` });
  }
  return errors;
}

/** The reference date of a campaign: its notice date, else the first day of the year after the reviewed one. */
export function campaignDate(c: Pick<Campaign, 'year' | 'settings'>): string {
  return typeof c.settings.noticeDate === 'string' ? c.settings.noticeDate : `${c.year + 1}-01-01`;
}

/**
 * The campaign's deadlines: the declaration's (a date in the settings, else n working days after the
 * notice, else the campaign's end), rectification (year end of the notice's year unless set) and the
 * publicity period in working days (at least 5: 拟评价结果公示不少于5个工作日).
 */
export function campaignDeadlines(c: Pick<Campaign, 'year' | 'settings'>) {
  const s = c.settings as {
    declarationDeadline?: string;
    declarationWorkingDays?: number;
    end?: string;
    rectificationDue?: string;
    publicityWorkingDays?: number;
  };
  const noticeDate = campaignDate(c);
  return {
    declaration:
      s.declarationDeadline ?? (s.declarationWorkingDays ? addWorkingDays(noticeDate, s.declarationWorkingDays) : (s.end ?? addWorkingDays(noticeDate, 10))),
    rectification: s.rectificationDue ?? `${noticeDate.slice(0, 4)}-12-31`,
    publicityWorkingDays: Math.max(5, s.publicityWorkingDays ?? 5),
  };
}

export function createCampaign(db: Db, registry: Registry, actor: Actor, input: CampaignInput): Campaign {
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
  const errors = checkSettings(registry, input.plugin, input.settings, campaignDate({ year: input.year, settings: input.settings }));
  if (input.settings.year !== undefined && input.settings.year !== input.year) {
    errors.push({
      pointer: '/settings/year',
      zh: `设置中的年度 ${input.settings.year} 与活动年度 ${input.year} 不一致`,
      en: `settings year ${input.settings.year} differs from ${input.year}`,
    });
  }
  if (errors.length) throw new JianchaError('invalid-input', `活动设置有 ${errors.length} 处错误`, `campaign settings have ${errors.length} error(s)`, errors);
  return db.transaction((tx) => {
    const campaign = tx
      .insert(schema.campaigns)
      .values({
        plugin: input.plugin,
        year: input.year,
        bureauId: input.bureau,
        settings: input.settings,
        templateOverrides: {},
        status: 'created',
        createdBy: actor.userId,
        createdAt: now(),
      })
      .returning()
      .get();
    audit(tx, actor, 'create', 'campaign', campaign.id, null, campaign);
    return campaign;
  });
}

/**
 * A campaign the actor may see: its own bureau's, or the campaign of a bureau above it (a county sees
 * the prefecture's campaign, limited to its own employers by the services that list them). Steps
 * that change the campaign check the bureau again with requireBureau.
 */
export function getCampaign(db: Db, actor: Actor, id: number): Campaign {
  const campaign = db.select().from(schema.campaigns).where(eq(schema.campaigns.id, id)).get();
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

export function listCampaigns(db: Db, actor: Actor): Campaign[] {
  if (actor.role === 'employer')
    return db
      .select()
      .from(schema.campaigns)
      .all()
      .filter((c) => partOf(db, actor, c));
  return db
    .select()
    .from(schema.campaigns)
    .all()
    .filter((c) => actor.bureauId === null || bureauScope(db, c.bureauId).includes(actor.bureauId));
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

export function advanceStatus(db: DbOrTx, campaign: Campaign, status: string): void {
  if (ORDER.indexOf(status) > ORDER.indexOf(campaign.status)) {
    db.update(schema.campaigns).set({ status }).where(eq(schema.campaigns.id, campaign.id)).run();
  }
}
