/** Passwords hashed with scrypt, a memory-hard KDF built into Node: no native add-on to build. */
import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

type ScryptParams = { N: number; r: number; p: number };

/** What a stored hash is made with: 32 MiB of memory per hash, about 0.1 s of a core. */
export const PRODUCTION_COST = 2 ** 15;
const TEST_COST = 'JIANCHA_TEST_SCRYPT_N';

/**
 * The parameters new hashes are made with. The test suite (vitest.config.ts) sets JIANCHA_TEST_SCRYPT_N
 * to 1024: hashing at full cost was most of its run time. Every hash records its own N, so a hash made
 * either way verifies; a value that is not a power of two from 1024 up to the production cost is refused,
 * so the variable can never raise the cost past what was measured nor pass for a typo.
 */
export function scryptParams(env: NodeJS.ProcessEnv = process.env): ScryptParams {
  const text = env[TEST_COST];
  if (text === undefined || text === '') return { N: PRODUCTION_COST, r: 8, p: 1 };
  const N = Number(text);
  if (!Number.isInteger(N) || N < 1024 || N > PRODUCTION_COST || (N & (N - 1)) !== 0) {
    throw new Error(`${TEST_COST}=${text} 无效：应为 1024 至 ${PRODUCTION_COST} 之间 2 的幂（仅供测试使用）`);
  }
  return { N, r: 8, p: 1 };
}

const PARAMS = scryptParams();
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, N, r, p, salt, hash] = parts;
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
  const expected = Buffer.from(hash, 'base64');
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Letters and digits nobody misreads on paper: no 0/O/o, 1/l/I. */
const LEGIBLE = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz';

/** A one-time password to be read off a printed letter: 18 legible characters (104 bits) in groups of six. */
export function newPassword(): string {
  const chars = Array.from({ length: 18 }, () => LEGIBLE[randomInt(LEGIBLE.length)]);
  return [0, 6, 12].map((i) => chars.slice(i, i + 6).join('')).join('-');
}

let dummy: Promise<string> | undefined;

/** A hash of a password nobody knows, to verify against when no account has the name given. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
