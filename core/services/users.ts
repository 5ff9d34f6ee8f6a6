/**
 * Accounts: bureau staff (administrator, head, clerk) belong to one bureau; an employer account to
 * one credit code of one region's registry. Accounts are made only within the creator's
 * jurisdiction: staff (by an administrator) of its bureau or one below it, and employer accounts (by
 * an administrator, clerk or head: core/policy.ts accounts.employers) for employers of its region's
 * registry that the directory gives its bureau or one below it. The system administrator names the
 * region of an employer account.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { checkCreditCode } from '../creditCode.ts';
import { schema, type Db } from '../db/index.ts';
import { changes, first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { may, requireStep, ROLE_NAMES } from '../policy.ts';
import { now, type Actor, type Role } from './actor.ts';
import { audit } from './audit.ts';
import { bureauScope, homeBureaus, regionOf, requireJurisdiction, requireRegion } from './bureaus.ts';
import { hashPassword, newPassword, verifyPassword } from './passwords.ts';

export const ROLES = ROLE_NAMES;

export interface UserInput {
  username: string;
  displayName?: string;
  role: Role;
  bureauId?: string | null;
  creditCode?: string | null;
  /** an employer account's region, for the system administrator (a bureau's administrator: its own) */
  region?: string | null;
  /** when not given, a one-time password is generated and returned */
  password?: string;
}

export async function createUser(db: Db, actor: Actor, input: UserInput): Promise<{ id: number; username: string; password: string }> {
  // staff accounts are an administrator's; a drawn employer's, also its bureau's clerks' and heads'
  requireStep(actor, input.role === 'employer' ? 'accounts.employers' : 'accounts');
  if (!/^[A-Za-z0-9_.-]{2,40}$/.test(input.username)) {
    throw new JianchaError(
      'invalid-input',
      `用户名“${input.username}”只能用 2–40 个字母、数字、_ . -`,
      `username "${input.username}" must be 2–40 letters, digits, _ . -`,
    );
  }
  if (!(input.role in ROLES))
    throw new JianchaError('invalid-input', `没有角色“${input.role}”（有：${Object.keys(ROLES).join('、')}）`, `unknown role "${input.role}"`);
  let bureauId = input.bureauId ?? null;
  let creditCode: string | null = null;
  let region: string;
  if (input.role === 'employer') {
    const code = (input.creditCode ?? '').toUpperCase();
    const check = checkCreditCode(code);
    if (!check.valid) throw new JianchaError('invalid-input', `统一社会信用代码 ${code}：${check.zh}`, `credit code ${code}: ${check.en}`);
    region = await employerRegion(db, actor, code, input.region);
    creditCode = code;
    bureauId = null;
  } else {
    if (!bureauId && actor.bureauId) bureauId = actor.bureauId;
    if (!bureauId) throw new JianchaError('invalid-input', '人社局工作人员须指定所属人社局', 'bureau staff need a bureau');
    region = regionOf(db, bureauId);
    requireJurisdiction(db, actor, bureauId);
  }
  const password = input.password ?? newPassword();
  const passwordHash = await hashPassword(password);
  // the name is checked where it is taken, so that two requests for it cannot both pass the check
  return transaction(db, async (tx) => {
    if (await first(tx.select().from(schema.users).where(eq(schema.users.username, input.username)))) {
      throw new JianchaError('conflict', `用户名 ${input.username} 已存在`, `username ${input.username} exists`);
    }
    const user = (await first(
      tx
        .insert(schema.users)
        // a generated password is one-time: its holder replaces it at the first login
        .values({
          username: input.username,
          displayName: input.displayName ?? input.username,
          role: input.role,
          bureauId,
          region,
          creditCode,
          passwordHash,
          passwordChangeRequired: input.password === undefined,
          createdAt: now(),
        })
        .returning(),
    ))!;
    await audit(
      tx,
      actor,
      'create',
      'user',
      user.id,
      null,
      { username: user.username, role: user.role, bureauId, region, creditCode },
      { bureauId: actor.bureauId ?? bureauId, region },
    );
    return { id: user.id, username: user.username, password };
  });
}

/**
 * The region of a new employer account: the creator's (the system administrator names it), whose
 * registry must hold the code, for an employer of the creator's bureau or one below it.
 */
async function employerRegion(db: Db, actor: Actor, code: string, named: string | null | undefined): Promise<string> {
  const region = actor.bureauId === null ? await requireRegion(db, named) : regionOf(db, actor.bureauId);
  if (named && named !== region)
    throw new JianchaError('forbidden', `只能为本地区（${region}）的用人单位开设账号`, `you may open accounts only in your own region (${region})`);
  const employer = await first(
    db
      .select({ divisionCode: schema.employers.divisionCode, park: schema.employers.park })
      .from(schema.employers)
      .where(and(eq(schema.employers.region, region), eq(schema.employers.creditCode, code))),
  );
  const home = employer && (await homeBureaus(db, region))(employer).bureau;
  if (!home || (actor.bureauId !== null && !bureauScope(db, actor.bureauId).includes(home))) {
    throw new JianchaError('not-found', `本辖区名录中没有统一社会信用代码为 ${code} 的用人单位`, `no employer ${code} in your jurisdiction's registry`);
  }
  return region;
}

type User = typeof schema.users.$inferSelect;

const MIN_LENGTH = 10;

/** Every session of the account ends: after a password change, a reset, or when it is disabled. */
async function endSessionsOf(tx: Db, userId: number): Promise<void> {
  await tx.delete(schema.sessions).where(eq(schema.sessions.userId, userId));
}

function checkNewPassword(user: User, password: string): void {
  if ([...password].length < MIN_LENGTH)
    throw new JianchaError('invalid-input', `新密码至少 ${MIN_LENGTH} 个字符`, `a new password needs at least ${MIN_LENGTH} characters`);
  if (password.toLowerCase().includes(user.username.toLowerCase()))
    throw new JianchaError('invalid-input', '新密码不得包含用户名', 'a new password may not contain the username');
}

/** One's own password, given the current one; every session of the account ends with the old one. */
export async function changePassword(db: Db, actor: Actor, current: string, next: string): Promise<void> {
  const user = await first(db.select().from(schema.users).where(eq(schema.users.id, actor.userId)));
  if (!user || !(await verifyPassword(current, user.passwordHash))) throw new JianchaError('unauthorized', '当前密码错误', 'the current password is wrong');
  checkNewPassword(user, next);
  if (await verifyPassword(next, user.passwordHash))
    throw new JianchaError('invalid-input', '新密码不得与当前密码相同', 'the new password must differ from the current one');
  const passwordHash = await hashPassword(next);
  await transaction(db, async (tx) => {
    // only over the password verified above (so a stored hash): one changed meanwhile is no longer the current one
    const changed = await tx
      .update(schema.users)
      .set({ passwordHash, passwordChangeRequired: false })
      .where(and(eq(schema.users.id, user.id), eq(schema.users.passwordHash, user.passwordHash as string)));
    if (!changes(changed)) throw new JianchaError('unauthorized', '当前密码错误', 'the current password is wrong');
    await endSessionsOf(tx, user.id);
    await audit(tx, actor, 'change-password', 'user', user.id, null, { username: user.username });
  });
}

/**
 * An account in the actor's jurisdiction: staff of its bureau or a bureau below (administrators); an
 * employer assigned to one of those bureaus in some campaign (administrators, clerks and heads, as
 * the policy table gives accounts.employers). The system administrator reaches every account.
 */
async function accountInJurisdiction(db: Db, actor: Actor, username: string): Promise<User> {
  if (!may(actor, 'accounts.employers')) requireStep(actor, 'accounts');
  const user = await first(db.select().from(schema.users).where(eq(schema.users.username, username)));
  const refused = () => new JianchaError('not-found', `本辖区没有账号 ${username}`, `no account ${username} in your jurisdiction`);
  // anything but an employer account is an administrator's to manage
  if (user?.role !== 'employer') requireStep(actor, 'accounts');
  if (!user) throw refused();
  if (actor.bureauId === null) return user;
  const scope = bureauScope(db, actor.bureauId);
  if (user.role !== 'employer') {
    if (!user.bureauId || !scope.includes(user.bureauId)) throw refused();
    return user;
  }
  const assigned = await first(
    db
      .select({ id: schema.assignments.employerId })
      .from(schema.assignments)
      .innerJoin(schema.employers, eq(schema.employers.id, schema.assignments.employerId))
      .where(
        and(
          eq(schema.employers.region, user.region ?? ''),
          eq(schema.employers.creditCode, user.creditCode ?? ''),
          inArray(schema.assignments.bureauId, scope),
        ),
      ),
  );
  if (!assigned) throw refused();
  return user;
}

/** A new one-time password for an account in the administrator's jurisdiction; its sessions end. */
export async function resetPassword(db: Db, actor: Actor, username: string): Promise<{ username: string; password: string }> {
  const password = newPassword();
  const passwordHash = await hashPassword(password);
  return transaction(db, async (tx) => {
    const user = await accountInJurisdiction(tx, actor, username);
    await tx.update(schema.users).set({ passwordHash, passwordChangeRequired: true }).where(eq(schema.users.id, user.id));
    await endSessionsOf(tx, user.id);
    await audit(tx, actor, 'reset-password', 'user', user.id, null, { username: user.username });
    return { username: user.username, password };
  });
}

/** Disable (no login, its sessions end) or enable again an account in the administrator's jurisdiction. */
export async function setAccountDisabled(db: Db, actor: Actor, username: string, disabled: boolean): Promise<{ username: string; disabled: boolean }> {
  return transaction(db, async (tx) => {
    const user = await accountInJurisdiction(tx, actor, username);
    if (user.id === actor.userId) throw new JianchaError('invalid-input', '不能停用自己的账号', 'you cannot disable your own account');
    await tx
      .update(schema.users)
      .set({ disabledAt: disabled ? (user.disabledAt ?? now()) : null })
      .where(eq(schema.users.id, user.id));
    if (disabled) await endSessionsOf(tx, user.id);
    await audit(tx, actor, disabled ? 'disable' : 'enable', 'user', user.id, { disabledAt: user.disabledAt }, { username: user.username, disabled });
    return { username: user.username, disabled };
  });
}
