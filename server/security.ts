/**
 * What the server may believe about a request's origin: the client's address, whether it came
 * through TLS, whether a browser sent it from our own pages. Headers a client can write
 * (X-Forwarded-For, X-Forwarded-Proto) count only when the operator says a proxy sets them.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { JianchaError } from '../core/errors.ts';
import type { AppEnv } from './context.ts';

export interface SecuritySettings {
  /** a reverse proxy in front sets X-Forwarded-For and X-Forwarded-Proto (JIANCHA_TRUST_PROXY=true) */
  trustProxy: boolean;
  /** the session cookie is Secure whatever the request says (JIANCHA_SECURE_COOKIE=true) */
  secureCookie: boolean;
}

export function securitySettings(env: NodeJS.ProcessEnv = process.env): SecuritySettings {
  return { trustProxy: env.JIANCHA_TRUST_PROXY === 'true', secureCookie: env.JIANCHA_SECURE_COOKIE === 'true' };
}

const settingsOf = (c: Context<AppEnv>): SecuritySettings => c.get('deps').security ?? { trustProxy: false, secureCookie: false };

/** The client's address: the socket's peer, or behind a trusted proxy the address the proxy appended last. */
export function clientAddress(c: Context<AppEnv>): string {
  if (settingsOf(c).trustProxy) {
    const forwarded = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1);
    if (forwarded) return forwarded;
  }
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? 'local';
}

/** Whether the browser reached us over TLS: the URL, a trusted proxy's X-Forwarded-Proto, or the setting. */
export function secureCookie(c: Context<AppEnv>): boolean {
  const s = settingsOf(c);
  return s.secureCookie || c.req.url.startsWith('https:') || (s.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0].trim() === 'https');
}

/**
 * Refuse a request a browser sent from another site: its Fetch Metadata (Sec-Fetch-Site) or its Origin
 * must be our own. Clients that send neither (curl, the CLI's tests) are not browsers riding a cookie.
 */
export function requireSameSite(c: Context<AppEnv>): void {
  const site = c.req.header('sec-fetch-site');
  // a browser that sends Fetch Metadata says where the request came from; its Origin may be "null"
  // (our Referrer-Policy is no-referrer), so Origin is the check only for browsers without it
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return;
    throw crossSite();
  }
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw crossSite();
  }
  const ours = (settingsOf(c).trustProxy && c.req.header('x-forwarded-host')) || c.req.header('host') || new URL(c.req.url).host;
  if (host !== ours) throw crossSite();
}

/** The address a browser reaches us at, as a letter prints it: behind a trusted proxy, the host and scheme it was asked for. */
export function publicOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const proxied = settingsOf(c).trustProxy;
  const host = (proxied && c.req.header('x-forwarded-host')?.split(',')[0].trim()) || c.req.header('host') || url.host;
  const scheme = (proxied && c.req.header('x-forwarded-proto')?.split(',')[0].trim()) || url.protocol.replace(':', '');
  return `${scheme}://${host}`;
}

const crossSite = () => new JianchaError('forbidden', '拒绝来自其他网站的请求', 'a request from another site is refused');

/**
 * A path of this site to send the browser back to, or the fallback: `//evil.example` and `/\evil`
 * start with a slash but browsers read them as another host, so the path is resolved to be sure.
 */
export function localPath(value: string | undefined, fallback = '/'): string {
  if (!value?.startsWith('/')) return fallback;
  const base = 'http://jiancha.invalid';
  try {
    const url = new URL(value, base);
    return url.origin === base && !/^\/[\\/]/.test(value) ? `${url.pathname}${url.search}` : fallback;
  } catch {
    return fallback;
  }
}
