/**
 * The order of a campaign's dates, as its plugin's campaign schema gives it: a property's `x-after`
 * lists the dates it must be later than, `x-notBefore` those it may equal but not precede (a
 * declaration deadline after the notice date, a print date on or after it). Both dates must be set
 * for the order to apply; the schema has checked their format already.
 */
import type { ErrorDetail } from '../errors.ts';
import { fieldLabel } from '../schema.ts';

type Property = { 'x-after'?: string[]; 'x-notBefore'?: string[] };

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
