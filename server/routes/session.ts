/** Logging in and out, for the console (cookie) and API clients (bearer token), and one's own password. */
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { schema } from '../../core/db/index.ts';
import { JianchaError } from '../../core/errors.ts';
import { dummyHash, verifyPassword } from '../../core/services/passwords.ts';
import { changePassword, resetPassword, setAccountDisabled } from '../../core/services/users.ts';
import { actorOf, SESSION_COOKIE } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import type { Endpoint } from '../endpoint.ts';
import { clientAddress, requireSameSite, secureCookie } from '../security.ts';
import { createSession, endSession } from '../sessions.ts';

// ready before the first login, so that one is not slower for an unknown name either
void dummyHash();

/**
 * Check a username and password; throttled per (name, address) and per address. An unknown name costs
 * the same scrypt as a known one (a dummy hash), so the answer's time does not tell which names exist.
 */
export async function login(c: Context<AppEnv>, username: string, password: string) {
  const { db, throttle } = c.get('deps');
  // a page of another site may not log a visitor in as someone else (login CSRF)
  requireSameSite(c);
  const address = clientAddress(c);
  const wait = throttle.retryAfter(username, address);
  if (wait) {
    const minutes = Math.ceil(wait / 60_000);
    throw new JianchaError('forbidden', `登录失败次数过多，请 ${minutes} 分钟后再试`, `too many failed logins; try again in ${minutes} minute(s)`);
  }
  const user = db.select().from(schema.users).where(eq(schema.users.username, username)).get();
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !matches) {
    throttle.fail(username, address);
    throw new JianchaError('unauthorized', '用户名或密码错误', 'wrong username or password');
  }
  throttle.succeed(username, address);
  if (user.disabledAt) throw new JianchaError('forbidden', '此账号已停用，请联系管理员', 'this account is disabled');
  return startSession(c, user.id);
}

/** A new session for the user, its cookie set for the console; the token for API clients. */
function startSession(c: Context<AppEnv>, userId: number) {
  const { db } = c.get('deps');
  const user = db.select().from(schema.users).where(eq(schema.users.id, userId)).get()!;
  const session = createSession(db, user.id);
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secureCookie(c) });
  return {
    ...session,
    passwordChangeRequired: user.passwordChangeRequired,
    user: { username: user.username, displayName: user.displayName, role: user.role, bureauId: user.bureauId },
  };
}

/** Change one's own password; every session ends, and this client gets a new one. */
export async function changeOwnPassword(c: Context<AppEnv>, current: string, next: string) {
  const actor = actorOf(c);
  await changePassword(c.get('deps').db, actor, current, next);
  return startSession(c, actor.userId);
}

/** End the session this request came with. */
export function logout(c: Context<AppEnv>): void {
  const token = c.req.header('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1] ?? getCookie(c, SESSION_COOKIE);
  if (token) endSession(c.get('deps').db, token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

const credentials = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: { username: { type: 'string', maxLength: 100 }, password: { type: 'string', maxLength: 1000 } },
};
const newPassword = { type: 'string', minLength: 1, maxLength: 1000 };

export const sessionEndpoints: Endpoint[] = [
  {
    method: 'post',
    path: '/login',
    summary: 'Log in; returns a bearer token and sets the console cookie (passwordChangeRequired: only /api/password until changed)',
    public: true,
    body: credentials,
    doc: {
      responses: {
        200: { description: 'token' },
        401: { description: 'wrong username or password' },
        403: { description: 'too many failed logins, a disabled account, or a request from another site' },
      },
    },
    run: ({ c, body }) => login(c, body.username, body.password),
  },
  {
    method: 'post',
    path: '/logout',
    summary: 'End the session',
    public: true,
    run: ({ c }) => logout(c),
  },
  {
    method: 'get',
    path: '/me',
    summary: 'Who is logged in',
    run: ({ actor }) => actor,
  },
  {
    method: 'post',
    path: '/password',
    summary: 'Change one’s own password (required after a one-time password); every session ends, a new token is returned',
    body: { type: 'object', additionalProperties: false, required: ['current', 'new'], properties: { current: newPassword, new: newPassword } },
    run: ({ c, body }) => changeOwnPassword(c, body.current, body.new),
  },
  {
    method: 'post',
    path: '/users/:username/reset-password',
    summary:
      'Give an account of one’s jurisdiction a new one-time password (staff: an administrator; an employer: also its bureau’s clerks and heads); its sessions end',
    run: ({ deps, actor, param }) => resetPassword(deps.db, actor, param('username')),
  },
  {
    method: 'post',
    path: '/users/:username/disabled',
    summary: 'Disable (its sessions end) or enable an account of one’s jurisdiction (staff: an administrator; an employer: also its bureau’s clerks and heads)',
    body: { type: 'object', additionalProperties: false, required: ['disabled'], properties: { disabled: { type: 'boolean' } } },
    run: ({ deps, actor, param, body }) => setAccountDisabled(deps.db, actor, param('username'), body.disabled),
  },
];
