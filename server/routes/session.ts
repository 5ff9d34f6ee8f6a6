/** Logging in and out, for the console (cookie) and API clients (bearer token). */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { schema } from '../../core/db/index.ts';
import { JianchaError } from '../../core/errors.ts';
import { actorOf, SESSION_COOKIE } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { verifyPassword } from '../../core/services/passwords.ts';
import { createSession, endSession } from '../sessions.ts';

export const sessionRoutes = new Hono<AppEnv>();

/** Check a username and password; throttled per name and address. */
export async function login(c: Context<AppEnv>, username: string, password: string) {
  const { db, throttle } = c.get('deps');
  const key = `${username}|${c.req.header('x-forwarded-for') ?? 'local'}`;
  if (throttle.locked(key)) throw new JianchaError('forbidden', '登录失败次数过多，请一分钟后再试', 'too many failed logins; try again in a minute');
  const user = db.select().from(schema.users).where(eq(schema.users.username, username)).get();
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    throttle.fail(key);
    throw new JianchaError('unauthorized', '用户名或密码错误', 'wrong username or password');
  }
  throttle.succeed(key);
  const session = createSession(db, user.id);
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: c.req.url.startsWith('https:') });
  return { ...session, user: { username: user.username, displayName: user.displayName, role: user.role, bureauId: user.bureauId } };
}

sessionRoutes.post('/login', async (c) => {
  const body = (await c.req.json().catch(() => null)) as { username?: unknown; password?: unknown } | null;
  if (typeof body?.username !== 'string' || typeof body.password !== 'string') {
    throw new JianchaError('invalid-input', '须提供用户名和密码', 'username and password are required');
  }
  return c.json(await login(c, body.username, body.password));
});

sessionRoutes.post('/logout', (c) => {
  const token = getCookie(c, SESSION_COOKIE) ?? c.req.header('authorization')?.replace(/^Bearer\s+/i, '');
  if (token) endSession(c.get('deps').db, token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.json({ ok: true });
});

sessionRoutes.get('/me', (c) => c.json(actorOf(c)));
