/** The campaign's dates that follow from its settings and its region's lifecycle, for services and documents alike. */
import type { Lifecycle } from './types.ts';

interface DatedSettings {
  noticeDate?: unknown;
  rectificationDue?: unknown;
}

/** The reference date of a campaign: its notice date, else the first day of the year after the reviewed one. */
export function campaignDate(c: { year: number; settings: DatedSettings }): string {
  return typeof c.settings.noticeDate === 'string' ? c.settings.noticeDate : `${c.year + 1}-01-01`;
}

/** Rectification is due by the settings' date, else by the region's day of the notice's year. */
export function rectificationDue(c: { year: number; settings: DatedSettings }, lifecycle: Partial<Lifecycle>): string | undefined {
  if (typeof c.settings.rectificationDue === 'string') return c.settings.rectificationDue;
  return lifecycle.rectificationDue && `${campaignDate(c).slice(0, 4)}-${lifecycle.rectificationDue.value}`;
}
