/**
 * Accounts: bureau staff (administrator, head, clerk) belong to one bureau; an employer account to
 * one credit code. Only an administrator creates accounts, and only for its own bureau.
 */
import { eq } from 'drizzle-orm';
import { checkCreditCode } from '../creditCode.ts';
import { schema, type Db } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import { now, requireBureau, requireRole, type Actor, type Role } from './actor.ts';
import { audit } from './audit.ts';
import { hashPassword, newPassword } from './passwords.ts';

export const ROLES: Record<Role, string> = { administrator: '管理员', head: '负责人', clerk: '经办人', employer: '用人单位' };

export interface UserInput {
  username: string;
  displayName?: string;
  role: Role;
  bureauId?: string | null;
  creditCode?: string | null;
  /** when not given, a one-time password is generated and returned */
  password?: string;
}

export async function createUser(db: Db, actor: Actor, input: UserInput): Promise<{ id: number; username: string; password: string }> {
  requireRole(actor, 'administrator');
  if (!/^[A-Za-z0-9_.-]{2,40}$/.test(input.username)) {
    throw new JianchaError('invalid-input', `用户名“${input.username}”只能用 2–40 个字母、数字、_ . -`, `username "${input.username}" must be 2–40 letters, digits, _ . -`);
  }
  if (!(input.role in ROLES)) throw new JianchaError('invalid-input', `没有角色“${input.role}”（有：${Object.keys(ROLES).join('、')}）`, `unknown role "${input.role}"`);
  let bureauId = input.bureauId ?? null;
  let creditCode: string | null = null;
  if (input.role === 'employer') {
    const code = (input.creditCode ?? '').toUpperCase();
    const check = checkCreditCode(code);
    if (!check.valid) throw new JianchaError('invalid-input', `统一社会信用代码 ${code}：${check.zh}`, `credit code ${code}: ${check.en}`);
    creditCode = code;
    bureauId = null;
  } else {
    if (!bureauId && actor.bureauId) bureauId = actor.bureauId;
    if (!bureauId) throw new JianchaError('invalid-input', '人社局工作人员须指定所属人社局', 'bureau staff need a bureau');
    if (!db.select().from(schema.bureaus).where(eq(schema.bureaus.id, bureauId)).get()) throw new JianchaError('not-found', `没有人社局 ${bureauId}`, `no bureau ${bureauId}`);
    requireBureau(actor, bureauId);
  }
  if (db.select().from(schema.users).where(eq(schema.users.username, input.username)).get()) {
    throw new JianchaError('conflict', `用户名 ${input.username} 已存在`, `username ${input.username} exists`);
  }
  const password = input.password ?? newPassword();
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const user = tx
      .insert(schema.users)
      .values({ username: input.username, displayName: input.displayName ?? input.username, role: input.role, bureauId, creditCode, passwordHash, createdAt: now() })
      .returning()
      .get();
    audit(tx, actor, 'create', 'user', user.id, null, { username: user.username, role: user.role, bureauId, creditCode });
    return { id: user.id, username: user.username, password };
  });
}
