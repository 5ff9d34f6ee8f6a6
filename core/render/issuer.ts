/** Who issues a plugin's documents and how their 文号 reads: plugin data only, for the samples and the forms. */
import { JianchaError } from '../errors.ts';
import type { Plugin } from '../plugin.ts';
import type { Bureau } from '../types.ts';

/** The bureau a plugin's notice is issued by when no campaign says: the one of its own division, else its root. */
export function defaultIssuer(plugin: Plugin): Bureau {
  const bureaus = plugin.bureaus();
  const own = bureaus.find((b) => b.divisions?.includes(plugin.manifest.divisionCodes?.[0] ?? ''));
  const issuer = own ?? bureaus.find((b) => !b.parent);
  if (!issuer) throw new JianchaError('not-found', `插件 ${plugin.id} 没有人社局名录，无法出具文书`, `plugin ${plugin.id} has no bureau to issue documents`);
  return issuer;
}

/** A 拟评告知's 文号: the bureau's 机关代字 (else its short name, else its name), the plugin's word, the year and the number. */
export function writtenNoticeNumber(plugin: Plugin, bureau: Bureau, year: number | string, n: number): string {
  return `${bureau.documentPrefix ?? bureau.shortName ?? bureau.name}${plugin.writtenNotice().documentWord ?? '告'}〔${year}〕${n}号`;
}
