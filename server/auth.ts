/** Who is asking: a session cookie (console) or a bearer token (API clients); CSRF for cookies. */
import type { Context, MiddlewareHandler } from 'hono';
import { parse } from 'hono/utils/cookie';
import { JianchaError } from '../core/errors.ts';
import type { Actor } from '../core/services/actor.ts';
import type { AppEnv } from './context.ts';
import { requestHeader } from './requestHeader.ts';
import { requireSameSite } from './security.ts';
import { findSession } from './sessions.ts';

export const SESSION_COOKIE = 'jiancha_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  // from node's headers: a public route reads no other, so no web Headers object is built for it
  const bearer = requestHeader(c, 'authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
  const cookies = requestHeader(c, 'cookie');
  const cookie = cookies ? parse(cookies, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  const session = findSession(c.get('deps').db, bearer ?? cookie);
  c.set('session', session);
  // a cookie rides along with any request the browser sends, so an unsafe one must prove it came from our page
  if (session && !bearer && UNSAFE.has(c.req.method)) {
    requireSameSite(c);
    const form = c.req.header('content-type')?.includes('form') ? ((await c.req.parseBody())._csrf as string | undefined) : undefined;
    if ((c.req.header('x-csrf-token') ?? form) !== session.csrfToken) {
      throw new JianchaError('forbidden', '缺少或错误的 CSRF 令牌', 'missing or wrong CSRF token');
    }
  }
  // a one-time password opens nothing but the page that replaces it
  if (session?.passwordChangeRequired && !PASSWORD_CHANGE_PATHS.has(c.req.path)) {
    if (!c.req.path.startsWith('/api/') && c.req.method === 'GET') return c.redirect('/password', 303);
    throw new JianchaError('password-change-required', '请先修改一次性密码', 'change your one-time password first (POST /api/password)');
  }
  await next();
};

const PASSWORD_CHANGE_PATHS = new Set(['/api/password', '/api/logout', '/api/me', '/password', '/logout', '/assets/console.css']);

export function actorOf(c: Context<AppEnv>): Actor {
  const session = c.get('session');
  if (!session) throw new JianchaError('unauthorized', '请先登录', 'log in first');
  return session.actor;
}
