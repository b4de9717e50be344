import { decode, verify } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { Denylist, ISSUER, RefreshTokens, TokenService } from './index';

const SECRET = 'test-secret-test-secret-test-secret';

/** The 3 other last characters that decode to the same signature bytes, plus a trailing '='. */
function reEncodings(token: string): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = token.at(-1)!;
  const base = alphabet.indexOf(last) & ~3;
  const siblings = [0, 1, 2, 3].map((i) => alphabet[base + i]!).filter((ch) => ch !== last);
  return [...siblings.map((ch) => token.slice(0, -1) + ch), `${token}=`];
}

describe('access tokens', () => {
  const tokens = new TokenService({ secret: SECRET });

  it('carry sub, iat, a short exp, a unique jti and iss, signed with HS256', async () => {
    const a = await tokens.signAccess('1');
    const b = await tokens.signAccess('1');
    const { header, payload } = decode(a);
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: '1', iss: ISSUER });
    expect(typeof payload.iat).toBe('number');
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decode(b).payload.jti).not.toBe(payload.jti);
  });

  it('verifies good tokens and rejects forged, foreign, expired or garbage ones', async () => {
    const good = await tokens.signAccess('1');
    expect(await tokens.verifyAccess(good)).toMatchObject({ sub: '1' });
    const other = new TokenService({ secret: `${SECRET}-other` });
    const expired = new TokenService({ secret: SECRET, now: () => Date.now() - 3_600_000 });
    const [h, p] = good.split('.');
    const none = `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '')}.${p}.`;
    for (const bad of [
      await other.signAccess('1'),
      await expired.signAccess('1'),
      none,
      `${h}.${p}.AAAA`,
      'x',
      '',
      'a.b.c',
      undefined,
      'é.é.é',
      '.'.repeat(5000),
    ]) {
      expect(await tokens.verifyAccess(bad)).toBeNull();
    }
  });

  it('are malleable: re-encoded spellings still verify with hono/jwt (why the denylist keys on jti)', async () => {
    const token = await tokens.signAccess('1');
    const variants = reEncodings(token);
    expect(variants).toHaveLength(4);
    for (const variant of variants) {
      expect(variant).not.toBe(token);
      expect((await tokens.verifyAccess(variant))?.jti).toBe(decode(token).payload.jti);
    }
    // Sanity: hono/jwt needs the algorithm spelled out.
    await expect(verify(token, `${SECRET}/access-token`, 'HS256')).resolves.toMatchObject({ sub: '1' });
  });

  it('refuses lifetimes above 15 minutes', () => {
    expect(() => new TokenService({ secret: SECRET, accessTtlSeconds: 3600 })).toThrow(/900/);
    expect(() => new TokenService({ secret: 'short' })).toThrow(/secret/);
  });
});

describe('denylist', () => {
  it('keeps a key until its exp, then forgets it', () => {
    let now = 1_000_000;
    const list = new Denylist(() => now);
    list.add('jti-1', 1_000 + 10);
    expect(list.has('jti-1')).toBe(true);
    expect(list.has('jti-2')).toBe(false);
    now = 1_011_000;
    expect(list.has('jti-1')).toBe(false);
    expect(list.size).toBe(0);
  });
});

describe('refresh tokens', () => {
  it('rotate: the successor is new and the old one becomes "used"', async () => {
    const refresh = new RefreshTokens();
    const r1 = await refresh.issue('1');
    const r2 = await refresh.rotate(r1);
    expect(r2).not.toBe(r1);
    expect(await refresh.find(r1)).toMatchObject({ status: 'used', userId: '1' });
    expect(await refresh.find(r2)).toMatchObject({
      status: 'active',
      family: (await refresh.find(r1))!.family,
    });
    await expect(refresh.rotate(r1)).rejects.toThrow(/active/);
  });

  it('revoking a family kills every token of it, and nothing else', async () => {
    const refresh = new RefreshTokens();
    const r1 = await refresh.issue('1');
    const r2 = await refresh.rotate(r1);
    const unrelated = await refresh.issue('1');
    refresh.revokeFamily((await refresh.find(r1))!.family);
    expect((await refresh.find(r2))?.status).toBe('revoked');
    expect((await refresh.find(unrelated))?.status).toBe('active');
    expect(refresh.revokeAllFor('1')).toBe(2);
    expect((await refresh.find(unrelated))?.status).toBe('revoked');
  });

  it('revoke() accepts unknown and non-string tokens (RFC 7009), and tokens expire', async () => {
    let now = 0;
    const refresh = new RefreshTokens({ ttlSeconds: 10, now: () => now });
    await expect(refresh.revoke('nope')).resolves.toBeUndefined();
    await expect(refresh.revoke(undefined)).resolves.toBeUndefined();
    await expect(refresh.revoke({ evil: true })).resolves.toBeUndefined();
    const r = await refresh.issue('1');
    now = 11_000;
    expect((await refresh.find(r))?.status).toBe('expired');
    expect(await refresh.find('x'.repeat(10_000))).toBeUndefined();
  });

  it('issuePair starts a new family per login', async () => {
    const tokens = new TokenService({ secret: SECRET });
    const a = await tokens.issuePair('1');
    const b = await tokens.issuePair('1');
    expect(a).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect((await tokens.refresh.find(a.refresh_token))!.family).not.toBe(
      (await tokens.refresh.find(b.refresh_token))!.family,
    );
  });
});
