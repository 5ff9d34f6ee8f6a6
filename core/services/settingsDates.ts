/**
 * The order of a campaign's dates, as its plugin's campaign schema gives it: a property's `x-after`
 * lists the dates it must be later than, `x-notBefore` those it may equal but not precede (a
 * declaration deadline after the notice date, a print date on or after it). Both dates must be set
 * for the order to apply; the schema has checked their format already.
 */
import type { ErrorDetail } from '../errors.ts';
import { fieldLabel } from '../schema.ts';

type Property = { 'x-after'?: string[]; 'x-notBefore'?: string[] };

/**
 * What is wrong with a schema's order of dates, checked as the plugin loads: each date it names must
 * be a date of the same schema, or the order would silently never apply.
 */
export function dateOrderProblems(campaignSchema: Record<string, unknown>, file: string): ErrorDetail[] {
  const properties = (campaignSchema.properties ?? {}) as Record<string, Property & { format?: string }>;
  const problems: ErrorDetail[] = [];
  for (const [key, property] of Object.entries(properties)) {
    for (const keyword of ['x-after', 'x-notBefore'] as const) {
      (property[keyword] ?? []).forEach((other, i) => {
        if (properties[other]?.format === 'date' && property.format === 'date') return;
        problems.push({
          file,
          pointer: `/properties/${key}/${keyword}/${i}`,
          zh: `“${key}”的日期顺序引用了“${other}”：两者都须是本设置中的日期（format: date）`,
          en: `${key}'s ${keyword} names "${other}": both must be dates (format: date) of these settings`,
        });
      });
    }
  }
  return problems;
}

export function dateOrderErrors(campaignSchema: Record<string, unknown>, settings: Record<string, unknown>): ErrorDetail[] {
  const properties = (campaignSchema.properties ?? {}) as Record<string, Property>;
  const name = (key: string) => `「${fieldLabel(campaignSchema, `/${key}`) ?? key}」`;
  const errors: ErrorDetail[] = [];
  for (const [key, property] of Object.entries(properties)) {
    const date = settings[key];
    if (typeof date !== 'string') continue;
    const orders: [string[] | undefined, boolean][] = [
      [property['x-after'], true],
      [property['x-notBefore'], false],
    ];
    for (const [earlier, strict] of orders) {
      for (const other of earlier ?? []) {
        const before = settings[other];
        if (typeof before !== 'string' || (strict ? date > before : date >= before)) continue;
        errors.push({
          pointer: `/settings/${key}`,
          zh: `${name(key)}${date} 应当${strict ? '晚于' : '不早于'}${name(other)}${before}`,
          en: `${key} ${date} must be ${strict ? 'after' : 'on or after'} ${other} ${before}`,
        });
      }
    }
  }
  return errors;
}
