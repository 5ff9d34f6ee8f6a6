/**
 * A campaign's own wording: an override of one of its plugin's templates or partials, validated when
 * saved by rendering every document with it (the notice from the campaign's settings, the checklist
 * for a synthetic employer of the region, each form from the plugin's samples), so that a missing variable or a
 * broken block is refused then, never found in a printed document.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Decider } from '../decide.ts';
import { schema, type Db } from '../db/index.ts';
import { transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { DOCUMENTS, renderDocument, type DocumentInput } from '../render/documents.ts';
import { formSamples } from '../render/samples.ts';
import { requireEscaped, templateFolders } from '../render/render.ts';
import type { Plugin } from '../plugin.ts';
import { syntheticEmployer, seededRandom } from '../synthetic.ts';
import { requireStep } from '../policy.ts';
import { requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { getCampaign, requireStatus } from './campaign.ts';

/** The templates and partials a campaign may override: those its plugin chain and the common set have. */
export function overridable(plugin: Plugin): string[] {
  const names = new Set<string>();
  for (const dir of templateFolders(plugin)) {
    for (const sub of ['', 'partials']) {
      const path = join(dir, sub);
      if (existsSync(path)) for (const f of readdirSync(path)) if (f.endsWith('.hbs')) names.add(f.slice(0, -4));
    }
  }
  return [...names].sort();
}

/** Save (or, with null, remove) a campaign's override, after every document renders with it. */
export async function saveTemplateOverride(db: Db, decider: Decider, actor: Actor, campaignId: number, name: string, source: string | null): Promise<string[]> {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'templates', campaign.plugin);
  requireBureau(actor, campaign.bureauId);
  // what was published printed with this wording: changing it after would reprint history
  requireStatus(campaign, 'created', { zh: '修改模板', en: 'change a template' }, 'publicity');
  const plugin = decider.registry.get(campaign.plugin);
  const names = overridable(plugin);
  if (!names.includes(name))
    throw new JianchaError(
      'not-found',
      `没有可覆盖的模板“${name}”（有：${names.join('、')}）`,
      `no template "${name}" to override (known: ${names.join(', ')})`,
    );
  const overrides = { ...campaign.templateOverrides };
  if (source === null) delete overrides[name];
  else overrides[name] = source;
  // a campaign's text may not switch escaping off: an employer's name must stay text
  if (source !== null) requireEscaped(name, source);
  if (source !== null) {
    const input: DocumentInput = { plugin, settings: campaign.settings, issuer: plugin.bureau(campaign.bureauId), overrides };
    const checklistEmployer = syntheticEmployer(plugin, 0, seededRandom(campaign.year));
    for (const document of DOCUMENTS) {
      const data = document === 'notice' || document === 'checklist' ? undefined : formSamples(plugin)[document];
      await renderDocument(decider, document, { ...input, data, employer: document === 'checklist' ? checklistEmployer : undefined });
    }
  }
  await transaction(db, async (tx) => {
    await tx.update(schema.campaigns).set({ templateOverrides: overrides }).where(eq(schema.campaigns.id, campaignId));
    await audit(
      tx,
      actor,
      source === null ? 'remove-template' : 'override-template',
      'campaign',
      campaignId,
      { [name]: campaign.templateOverrides[name] ?? null },
      { [name]: source },
    );
  });
  return Object.keys(overrides).sort();
}
