import { describe, expect, it } from 'vitest';
import { hashPassword, PRODUCTION_COST, scryptParams, verifyPassword } from './passwords.ts';

describe('password hashing cost', () => {
  it('makes hashes at the production cost when the test variable is not set', () => {
    expect(scryptParams({})).toEqual({ N: PRODUCTION_COST, r: 8, p: 1 });
    expect(PRODUCTION_COST).toBe(2 ** 15);
  });

  it('takes a lower power of two for the suite, and refuses anything else by name', () => {
    expect(scryptParams({ JIANCHA_TEST_SCRYPT_N: '1024' }).N).toBe(1024);
    for (const bad of ['1000', '512', String(2 ** 16), 'abc']) {
      expect(() => scryptParams({ JIANCHA_TEST_SCRYPT_N: bad })).toThrow(`JIANCHA_TEST_SCRYPT_N=${bad} 无效`);
    }
  });

  it('verifies a hash stored at the production cost while the suite makes cheaper new ones', async () => {
    // made by hashPassword('试一试') in a process without the variable (N = 2^15)
    const stored = 'scrypt$32768$8$1$qhKhlabet1P+8eIg4s8tDA==$HWbuGvzeXMrYUWHbNNXjFp++PkWJ5jE29G/5lvGrJAs=';
    expect(await verifyPassword('试一试', stored)).toBe(true);
    expect(await verifyPassword('试一下', stored)).toBe(false);
    const made = await hashPassword('试一试');
    expect(made.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('试一试', made)).toBe(true);
  });
});
