import { describe, expect, it } from 'vitest';
import {
  CookieJar,
  defaultPath,
  getSetCookies,
  isDeletion,
  isPersistent,
  parseSetCookie,
  pathMatches,
  preview,
  rejectionReason,
} from '.';

describe('parseSetCookie', () => {
  it('reads name, value and attributes case-insensitively', () => {
    const c = parseSetCookie(
      'sid=abc; Path=/; HttpOnly; SameSite=Lax; secure; Max-Age=60; Domain=.Example.com; Partitioned',
    );
    expect(c).toMatchObject({
      name: 'sid',
      value: 'abc',
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      maxAge: 60,
      domain: 'example.com',
      partitioned: true,
    });
  });

  it('ignores lines a browser would ignore and bad attribute values', () => {
    expect(parseSetCookie('garbage')).toBeNull();
    expect(parseSetCookie('=novalue')).toBeNull();
    const c = parseSetCookie('a=b; Max-Age=soon; Expires=never');
    expect(c?.maxAge).toBeUndefined();
    expect(c?.expires).toBeUndefined();
  });

  it('keeps `=` inside values', () => {
    expect(parseSetCookie('t=a=b==; Path=/')?.value).toBe('a=b==');
  });
});

describe('deletion and persistence', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  it('treats Max-Age ≤ 0 or a past Expires as a deletion; Max-Age wins over Expires', () => {
    expect(isDeletion(parseSetCookie('a=; Max-Age=0')!, now)).toBe(true);
    expect(isDeletion(parseSetCookie('a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT')!, now)).toBe(true);
    expect(isDeletion(parseSetCookie('a=; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:00 GMT')!, now)).toBe(
      false,
    );
    expect(isDeletion(parseSetCookie('a=')!, now)).toBe(false);
    expect(isPersistent(parseSetCookie('a=1; Max-Age=10')!, now)).toBe(true);
    expect(isPersistent(parseSetCookie('a=1')!, now)).toBe(false);
  });
});

describe('paths and prefixes', () => {
  it('computes default paths and path-matches like RFC 6265', () => {
    expect(defaultPath('/login')).toBe('/');
    expect(defaultPath('/app/login')).toBe('/app');
    expect(pathMatches('/app/x', '/app')).toBe(true);
    expect(pathMatches('/apple', '/app')).toBe(false);
    expect(pathMatches('/me', '/')).toBe(true);
  });

  it('refuses __Host- cookies without Secure / Path=/ or with Domain, and foreign domains', () => {
    expect(rejectionReason(parseSetCookie('__Host-sid=; Max-Age=0; Path=/')!, 'localhost')).toMatch(/Secure/);
    expect(rejectionReason(parseSetCookie('__Host-sid=; Secure; Path=/app')!, 'localhost')).toMatch(
      /Path=\//,
    );
    expect(
      rejectionReason(parseSetCookie('__Host-sid=; Secure; Path=/; Domain=localhost')!, 'localhost'),
    ).toMatch(/Domain/);
    expect(rejectionReason(parseSetCookie('__Secure-x=1')!, 'localhost')).toMatch(/Secure/);
    expect(rejectionReason(parseSetCookie('a=1; Domain=evil.example')!, 'localhost')).toMatch(
      /does not cover/,
    );
    expect(rejectionReason(parseSetCookie('__Host-sid=1; Secure; Path=/')!, 'localhost')).toBeNull();
  });
});

describe('CookieJar', () => {
  it('keys cookies by name, domain and path, so a wrong-path deletion misses', () => {
    const jar = new CookieJar('localhost');
    jar.apply([parseSetCookie('sid=one; Path=/')!], '/login');
    jar.apply([parseSetCookie('sid=; Max-Age=0; Path=/app')!], '/logout');
    expect(jar.get('sid')).toBe('one');
    jar.apply([parseSetCookie('sid=; Max-Age=0; Path=/')!], '/logout');
    expect(jar.get('sid')).toBeUndefined();
  });

  it('sends longer paths first and only matching ones', () => {
    const jar = new CookieJar('localhost');
    jar.apply([parseSetCookie('a=root; Path=/')!, parseSetCookie('a=app; Path=/app')!], '/');
    expect(jar.header('/app/x')).toBe('a=app; a=root');
    expect(jar.header('/me')).toBe('a=root');
    expect(jar.all('a')).toHaveLength(2);
  });

  it('reports lines a browser refuses and does not store them', () => {
    const jar = new CookieJar('localhost');
    jar.set('__Host-sid', 'live');
    const refused = jar.apply([parseSetCookie('__Host-sid=; Max-Age=0; Path=/')!], '/logout');
    expect(refused[0]?.reason).toMatch(/Secure/);
    expect(jar.get('__Host-sid')).toBe('live');
  });
});

describe('helpers', () => {
  it('reads every Set-Cookie line separately', () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    headers.append('Set-Cookie', 'b=2');
    expect(getSetCookies(headers)).toEqual(['a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'b=2']);
  });

  it('shortens long values for messages', () => {
    expect(preview('abcdefghijklmnop')).toBe('abcdefghijkl…');
    expect(preview('short')).toBe('short');
  });
});
