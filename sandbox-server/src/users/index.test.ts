import { describe, expect, it } from 'vitest';
import { hashPassword, publicUser, UserDirectory, verifyPassword } from './index';

describe('users', () => {
  const users = new UserDirectory({ iterations: 1000 });

  it('verifies the demo users with their passwords', async () => {
    expect(await users.verify('alice', 'correct horse battery staple')).toMatchObject({
      id: '1',
      username: 'alice',
    });
    expect(await users.verify('bob', 'hunter2hunter2')).toMatchObject({ id: '2', username: 'bob' });
  });

  it('returns the same null for an unknown name and a wrong password (no enumeration)', async () => {
    expect(await users.verify('alice', 'wrong')).toBeNull();
    expect(await users.verify('mallory', 'correct horse battery staple')).toBeNull();
    expect(await users.verify(undefined, undefined)).toBeNull();
    expect(await users.verify(['alice'], {})).toBeNull();
    expect(await users.verify('alice', 'x'.repeat(5000))).toBeNull();
  });

  it('stores PBKDF2-SHA256 hashes with a random salt', async () => {
    const a = await hashPassword('pw', 1000);
    const b = await hashPassword('pw', 1000);
    expect(a).toMatch(/^pbkdf2_sha256\$1000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('pw', a)).toBe(true);
    expect(await verifyPassword('pW', a)).toBe(false);
    expect(await verifyPassword('pw', 'garbage')).toBe(false);
  });

  it('looks users up by id and never exposes more than id, username and name', () => {
    const alice = users.byId('1')!;
    expect(publicUser(alice)).toEqual({ id: '1', username: 'alice', name: 'Alice Liddell' });
    expect(users.byId('nope')).toBeUndefined();
    expect(users.byId(undefined)).toBeUndefined();
  });

  it('fails fast on a weak iteration count', () => {
    expect(() => new UserDirectory({ iterations: 10 })).toThrow(/iterations/);
  });
});
