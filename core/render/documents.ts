/**
 * The documents jiancha generates, each from plain data: the campaign notice from the settings and
 * the plugin's rules, and an employer's document checklist from the documents decision.
 */
import type { Decider } from '../decide.ts';
import { JianchaError } from '../errors.ts';
import type { Plugin } from '../plugin.ts';
import type { Bureau, Facts } from '../types.ts';
import { noticeContext } from './noticeContext.ts';
import { createRenderer } from './render.ts';

export const DOCUMENTS = ['notice', 'checklist'] as const;
export type DocumentName = (typeof DOCUMENTS)[number];

/** The bureau a plugin's notice is issued by when no campaign says: the one of its own division, else its root. */
export function defaultIssuer(plugin: Plugin): Bureau {
  const bureaus = plugin.bureaus();
  const own = bureaus.find((b) => b.divisions?.includes(plugin.manifest.divisionCodes?.[0] ?? ''));
  const issuer = own ?? bureaus.find((b) => !b.parent);
  if (!issuer) throw new JianchaError('not-found', `插件 ${plugin.id} 没有人社局名录，无法出具文书`, `plugin ${plugin.id} has no bureau to issue documents`);
  return issuer;
}

export interface DocumentInput {
  plugin: Plugin;
  settings: Record<string, unknown>;
  issuer?: Bureau;
  overrides?: Record<string, string>;
  /** for per-employer documents */
  employer?: Facts;
}

export async function renderDocument(decider: Decider, name: string, input: DocumentInput): Promise<{ title: string; html: string }> {
  const { plugin, settings } = input;
  const at = (settings.noticeDate as string | undefined) ?? `${(settings.year as number) + 1}-01-01`;
  const issuer = input.issuer ?? defaultIssuer(plugin);
  const renderer = createRenderer(plugin, input.overrides);
  if (name === 'notice') {
    const title = (settings.title as string | undefined) ?? '通知';
    return { title, html: renderer.page('notice', { ...noticeContext(plugin, settings, at), issuer, title }) };
  }
  if (name === 'checklist') {
    if (!input.employer) throw new JianchaError('invalid-input', '书面材料清单须指定用人单位', 'the checklist needs an employer');
    const { result } = await decider.decide(plugin.id, 'documents', { ...input.employer, year: settings.year }, { at });
    const title = `${input.employer.name ?? ''}书面材料清单`;
    const phases = (['upload', 'bringToReview', 'mailIn'] as const)
      .map((phase) => ({ phase, items: result.documents.filter((d) => d.phase === phase) }))
      .filter((p) => p.items.length);
    return { title, html: renderer.page('checklist', { title, issuer, settings, year: settings.year, employer: input.employer, phases }) };
  }
  throw new JianchaError('not-found', `没有文书“${name}”（有：${DOCUMENTS.join('、')}）`, `unknown document "${name}" (known: ${DOCUMENTS.join(', ')})`);
}
