/**
 * A basis as a campaign cites it. The rules cite the notice by the plugin's short name for it
 * (noticeCitation), which names the year the rules were written for (江津's 2023 notice); a campaign
 * of another year has its own notice, so where its settings give the notice's title (and 发文字号),
 * the basis cites that notice instead.
 */
import type { Plugin } from './plugin.ts';

export function citingNotice(basis: string, plugin: Plugin, settings: Record<string, unknown>): string {
  const short = plugin
    .chain()
    .map((p) => p.manifest.noticeCitation)
    .find(Boolean);
  const title = settings.title as string | undefined;
  if (!short || !title) return basis;
  const number = settings.documentNumber as string | null | undefined;
  return basis.split(short).join(`《${title}》${number ? `（${number}）` : ''}`);
}
