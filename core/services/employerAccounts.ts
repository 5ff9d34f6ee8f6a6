/**
 * Accounts in bulk for a campaign's drawn employers, and the lists the console manages accounts
 * from. Each new employer account is named by its credit code and gets a one-time password, which is
 * returned once (for the letter the bureau prints and hands over) and never stored: only its hash is.
 * An actor reaches the drawn employers assigned to its bureau or one below it (core/policy.ts
 * accounts.employers); staff accounts are an administrator's (accounts).
 */
import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { constraintViolation, first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { requireStep } from '../policy.ts';
import { now, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { bureauScope, regionOf } from './bureaus.ts';
import { getCampaign, requireStatus, type Campaign } from './campaign.ts';
import { escapeLike } from './listing.ts';
import { hashPassword, newPassword } from './passwords.ts';

/** Hashing is slow by design (scrypt): a batch is what one request hashes in seconds. */
export const BATCH = { default: 50, max: 200 };

export interface Letter {
  creditCode: string;
  name: string;
  bureauId: string;
  username: string;
  password: string;
}

export interface AccountRow {
  username: string;
  displayName: string;
  role: string;
  bureauId: string | null;
  creditCode: string | null;
  disabled: boolean;
  /** still on its one-time password: never logged in since it was made or reset */
  oneTime: boolean;
}

const account = (u: typeof schema.users.$inferSelect): AccountRow => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  bureauId: u.bureauId,
  creditCode: u.creditCode,
  disabled: u.disabledAt !== null,
  oneTime: u.passwordChangeRequired,
});

/** The staff accounts of the administrator's bureau and those below it, by bureau and name. */
export async function listStaffAccounts(db: Db, actor: Actor): Promise<AccountRow[]> {
  requireStep(actor, 'accounts');
  const u = schema.users;
  const scope = actor.bureauId === null ? undefined : inArray(u.bureauId, bureauScope(db, actor.bureauId));
  const staff = await db
    .select()
    .from(u)
    .where(and(inArray(u.role, ['administrator', 'head', 'clerk']), scope))
    .orderBy(asc(u.bureauId), asc(u.username));
  return staff.map(account);
}

/** The campaign's drawn employers the actor's bureau has in charge, as SQL over draw_members, employers and assignments. */
function drawnInScope(db: Db, actor: Actor, campaign: Campaign): { from: string; params: unknown[] } {
  const scope = actor.bureauId === null ? bureauScope(db, campaign.bureauId) : bureauScope(db, actor.bureauId);
  return {
    from: `FROM draw_members m JOIN draws d ON d.id = m.draw_id JOIN employers e ON e.id = m.employer_id
      JOIN assignments a ON a.employer_id = e.id AND a.campaign_id = d.campaign_id
      LEFT JOIN users u ON u.region = e.region AND u.credit_code = e.credit_code AND u.role = 'employer'
      WHERE d.campaign_id = ? AND a.bureau_id IN (${scope.map(() => '?').join(', ')})`,
    params: [campaign.id, ...scope],
  };
}

function campaignFor(db: Db, actor: Actor, campaignId: number): Campaign {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'accounts.employers', campaign.plugin);
  if (actor.role === 'employer') throw new JianchaError('forbidden', '用人单位不能管理账号', 'an employer cannot manage accounts');
  requireStatus(campaign, 'drawn', { zh: '开设用人单位账号', en: 'open employer accounts' });
  return campaign;
}

/**
 * The drawn employers in the actor's charge: how many have an account, and the accounts matching `q`
 * (credit code or name, at most `limit`), for a reset or to disable one.
 */
export async function campaignAccounts(db: Db, actor: Actor, campaignId: number, q = '', limit = 50) {
  const campaign = campaignFor(db, actor, campaignId);
  const { from, params } = drawnInScope(db, actor, campaign);
  const counts = db.$client.prepare(`SELECT count(*) AS drawn, count(u.id) AS withAccount ${from}`).get(...params) as { drawn: number; withAccount: number };
  // as the lists search: a credit code by its start, a name anywhere in it
  const search = q.trim() ? ` AND (e.credit_code LIKE ? ESCAPE '\\' OR e.name LIKE ? ESCAPE '\\')` : '';
  const text = escapeLike(q.trim());
  const rows = db.$client
    .prepare(`SELECT e.credit_code AS creditCode, e.name, a.bureau_id AS bureauId, u.username ${from}${search} ORDER BY e.credit_code LIMIT ?`)
    .all(...params, ...(search ? [`${text.toUpperCase()}%`, `%${text}%`] : []), limit) as {
    creditCode: string;
    name: string;
    bureauId: string;
    username: string | null;
  }[];
  const named = rows.flatMap((r) => (r.username ? [r.username] : []));
  const users = new Map(
    named.length ? (await db.select().from(schema.users).where(inArray(schema.users.username, named))).map((u) => [u.username, account(u)]) : [],
  );
  return {
    drawn: counts.drawn,
    withAccount: counts.withAccount,
    rows: rows.map((r) => ({ ...r, account: r.username ? (users.get(r.username) ?? null) : null })),
  };
}

/** The drawn employers in the actor's charge still without an account, by credit code, at most `limit`. */
function wanting(db: Db, from: string, params: unknown[], limit: number) {
  return db.$client
    .prepare(`SELECT e.credit_code AS creditCode, e.name, a.bureau_id AS bureauId ${from} AND u.id IS NULL ORDER BY e.credit_code LIMIT ?`)
    .all(...params, limit) as { creditCode: string; name: string; bureauId: string }[];
}

const remaining = (db: Db, from: string, params: unknown[]) =>
  db.$client
    .prepare(`SELECT count(*) ${from} AND u.id IS NULL`)
    .pluck()
    .get(...params) as number;

/** Letters for those employers, each account named and given a one-time password, with its hash (slow: scrypt). */
async function draft(db: Db, campaign: Campaign, employers: { creditCode: string; name: string; bureauId: string }[]) {
  const taken = async (username: string) =>
    Boolean(await first(db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.username, username))));
  // the credit code names the account, unless another account took that name first
  const drafts: Letter[] = [];
  for (const e of employers)
    drafts.push({ ...e, username: (await taken(e.creditCode)) ? `${e.creditCode}-${campaign.id}` : e.creditCode, password: newPassword() });
  return { drafts, hashes: await Promise.all(drafts.map((l) => hashPassword(l.password))) };
}

/** An account the database refuses (a constraint) named by its employer: the transaction it is in stores none. */
async function refusedAsConflict<T>(l: Letter, insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (err) {
    const refused = constraintViolation(err);
    if (!refused) throw err;
    throw new JianchaError(
      'conflict',
      `无法为 ${l.name}（${l.creditCode}）开设账号 ${l.username}：${refused.message}；本次未开设任何账号`,
      `the account ${l.username} cannot be made: no account was made`,
    );
  }
}

/** Stores the drafted accounts in the transaction `tx`; returns the letters of those it made. */
async function store(tx: Db, actor: Actor, campaign: Campaign, region: string, drafts: Letter[], hashes: string[]): Promise<Letter[]> {
  const letters: Letter[] = [];
  for (const [i, l] of drafts.entries()) {
    // made while the passwords were hashed: that employer keeps the account it has
    const existing = await first(
      tx
        .select({ id: schema.users.id })
        .from(schema.users)
        .where(or(eq(schema.users.username, l.username), and(eq(schema.users.region, region), eq(schema.users.creditCode, l.creditCode))) as SQL),
    );
    if (existing) continue;
    const user = await refusedAsConflict(
      l,
      async () =>
        (await first(
          tx
            .insert(schema.users)
            .values({
              username: l.username,
              displayName: l.name,
              role: 'employer',
              bureauId: null,
              region,
              creditCode: l.creditCode,
              passwordHash: hashes[i],
              passwordChangeRequired: true,
              createdAt: now(),
            })
            .returning({ id: schema.users.id }),
        ))!,
    );
    letters.push(l);
    await audit(
      tx,
      actor,
      'create',
      'user',
      user.id,
      null,
      { username: l.username, role: 'employer', region, creditCode: l.creditCode, campaignId: campaign.id },
      { bureauId: l.bureauId, region },
    );
  }
  return letters;
}

/**
 * Accounts for up to `limit` drawn employers in the actor's charge that have none, by credit code:
 * each named by its credit code with a one-time password, changed at its first login. Returns the
 * letters (the only time the passwords are seen) and how many are left without an account.
 */
export async function createEmployerAccounts(
  db: Db,
  actor: Actor,
  campaignId: number,
  limit = BATCH.default,
): Promise<{ letters: Letter[]; remaining: number }> {
  if (!Number.isInteger(limit) || limit < 1 || limit > BATCH.max)
    throw new JianchaError('invalid-input', `每批开设的账号数须为 1 至 ${BATCH.max} 的整数`, `a batch is 1 to ${BATCH.max} accounts`);
  const campaign = campaignFor(db, actor, campaignId);
  const region = regionOf(db, campaign.bureauId);
  const { from, params } = drawnInScope(db, actor, campaign);
  const { drafts, hashes } = await draft(db, campaign, wanting(db, from, params, limit));
  const letters = await transaction(db, (tx) => store(tx, actor, campaign, region, drafts, hashes));
  return { letters, remaining: remaining(db, from, params) };
}

/**
 * Accounts for every drawn employer in the actor's charge that has none, all or nothing: they are
 * stored in one transaction, and `deliver` (which writes the letters) runs inside it, so when an
 * account cannot be made or `deliver` throws, no account is stored. Returns the letters.
 */
export async function createAllEmployerAccounts(db: Db, actor: Actor, campaignId: number, deliver: (letters: Letter[]) => void): Promise<Letter[]> {
  const campaign = campaignFor(db, actor, campaignId);
  const region = regionOf(db, campaign.bureauId);
  const { from, params } = drawnInScope(db, actor, campaign);
  const { drafts, hashes } = await draft(db, campaign, wanting(db, from, params, -1));
  return transaction(db, async (tx) => {
    const letters = await store(tx, actor, campaign, region, drafts, hashes);
    // a name taken by another account meanwhile leaves its employer without one: none are made
    const left = remaining(tx, from, params);
    if (left)
      throw new JianchaError(
        'conflict',
        `有 ${left} 家用人单位的账号名已被其他账号占用，未开设任何账号，请重新运行`,
        `${left} employers' account names were taken meanwhile: no account was made`,
      );
    if (letters.length) deliver(letters);
    return letters;
  });
}
