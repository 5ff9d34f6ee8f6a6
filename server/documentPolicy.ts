/**
 * The content policy of a served document: it carries its print styles inline (so it also prints when
 * saved as a file), and the policy allows exactly those styles by their SHA-256, per response; one
 * script, the 版记's placement as jiancha ships it, by its hash; nothing else: no other script (a
 * campaign's template may hold any markup), no outside resource.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonTemplates } from '../core/render/render.ts';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const SCRIPT = /<script>([\s\S]*?)<\/script>/gi;

/** The script of templates/common/partials/imprint.hbs that puts the 版记 at the foot of the last page. */
export const imprintPlacement = [...readFileSync(join(commonTemplates, 'partials', 'imprint.hbs'), 'utf8').matchAll(SCRIPT)][0][1];

export function documentPolicy(html: string): string {
  const blocks = [...new Set([...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => hash(m[1])))];
  // style="…" attributes (column widths) are allowed by hash too, which CSP calls 'unsafe-hashes'
  const attributes = [...new Set([...html.matchAll(/\sstyle="([^"]*)"/gi)].map((m) => hash(m[1])))];
  const styleSrc = [...blocks, ...(attributes.length ? ["'unsafe-hashes'", ...attributes] : [])];
  return [
    "default-src 'none'",
    `style-src ${styleSrc.join(' ') || "'none'"}`,
    ...([...html.matchAll(SCRIPT)].some((m) => m[1] === imprintPlacement) ? [`script-src ${hash(imprintPlacement)}`] : []),
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
