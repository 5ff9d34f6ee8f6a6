/**
 * The content policy of a served document: it carries its print styles inline (so it also prints when
 * saved as a file), and the policy allows exactly those styles by their SHA-256, per response, and
 * nothing else: no script, no outside resource.
 */
import { createHash } from 'node:crypto';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function documentPolicy(html: string): string {
  const blocks = [...new Set([...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => hash(m[1])))];
  // style="…" attributes (column widths) are allowed by hash too, which CSP calls 'unsafe-hashes'
  const attributes = [...new Set([...html.matchAll(/\sstyle="([^"]*)"/gi)].map((m) => hash(m[1])))];
  const styleSrc = [...blocks, ...(attributes.length ? ["'unsafe-hashes'", ...attributes] : [])];
  return [
    "default-src 'none'",
    `style-src ${styleSrc.join(' ') || "'none'"}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
