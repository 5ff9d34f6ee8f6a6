/**
 * Event texts that name their own event's parameters: `{industries}` is the list joined with 「、」,
 * `{industries.length}` its count. A list kept once in a rule then words every sentence built on it
 * (the draw's reason, the notice), so removing an industry from the list changes them all.
 * `{year}` and `{previousYear}` are left for the campaign's year (documents' fillYear).
 */
const PLACEHOLDER = /\{([A-Za-z]\w*)(\.length)?\}/g;
const YEAR_WORDS = new Set(['year', 'previousYear']);

function fillText(text: string, params: Record<string, unknown>): string {
  if (!text.includes('{')) return text;
  return text.replace(PLACEHOLDER, (whole, name: string, length?: string) => {
    const value = params[name];
    if (Array.isArray(value)) return length ? String(value.length) : value.join('、');
    if (!length && (typeof value === 'string' || typeof value === 'number')) return String(value);
    return whole;
  });
}

/** The event's parameters with every placeholder of their texts (and of lists of texts) filled. */
export function fillParams<P extends Record<string, unknown>>(params: P): P {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string') out[key] = fillText(value, params);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? fillText(v, params) : v));
    else out[key] = value;
  }
  return out as P;
}

/** Placeholders of the event's texts that name none of its parameters: a typo would print as is. */
export function unknownPlaceholders(params: Record<string, unknown>): { key: string; placeholder: string }[] {
  const found: { key: string; placeholder: string }[] = [];
  for (const [key, value] of Object.entries(params)) {
    for (const text of (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')) {
      for (const [placeholder, name, length] of text.matchAll(PLACEHOLDER)) {
        const named = params[name];
        const fits = length ? Array.isArray(named) : Array.isArray(named) || typeof named === 'string' || typeof named === 'number';
        if (!fits && !(YEAR_WORDS.has(name) && !length)) found.push({ key, placeholder });
      }
    }
  }
  return found;
}
