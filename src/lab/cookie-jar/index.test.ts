import { describe, expect, it } from 'vitest';
import { CookieJar, decodeCookieValue, parseSetCookie } from './index';

describe('parseSetCookie', () => {
  it('reads name, value and attributes', () => {
    const parsed = parseSetCookie('sid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60');
    expect(parsed).toMatchObject({
      name: 'sid',
      value: 'abc',
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: 60,
      secure: false,
    });
    expect(parsed?.attributes).toEqual(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=60']);
    expect(parseSetCookie('garbage')).toBeNull();
  });
});

describe('CookieJar', () => {
  it('stores, sends and deletes cookies like a browser', () => {
    const jar = new CookieJar();
    let changes = 0;
    jar.subscribe(() => changes++);
    jar.apply(['sid=1; Path=/; HttpOnly', 'remember=r; Path=/; Max-Age=3600'], '/login', 1000);
    expect(jar.header('/me', 1000)).toBe('sid=1; remember=r');
    expect(jar.list(1000).find((c) => c.name === 'remember')?.expires).toBe(1000 + 3600_000);
    jar.apply(['sid=; Path=/; Max-Age=0'], '/logout', 2000);
    expect(jar.header('/me', 2000)).toBe('remember=r');
    jar.apply(['remember=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], '/logout', 2000);
    expect(jar.header('/me', 2000)).toBe('');
    expect(changes).toBe(3);
  });

  it('drops a wrong-path deletion on arrival and keeps the real cookie, which is the LO-06 mistake', () => {
    const jar = new CookieJar();
    jar.apply(['sid=1; Path=/'], '/login');
    jar.apply(['sid=; Path=/logout; Max-Age=0'], '/logout');
    expect(jar.header('/me')).toBe('sid=1');
  });

  it('uses the default path and path matching of RFC 6265', () => {
    const jar = new CookieJar();
    jar.apply(['a=1'], '/api/login');
    expect(jar.header('/api/me')).toBe('a=1');
    expect(jar.header('/apiary')).toBe('');
    expect(jar.header('/me')).toBe('');
  });

  it('stores a cookie with an empty or relative Path under the default path, as the checks do', () => {
    const jar = new CookieJar();
    jar.apply(['a=1; Path=', 'b=2; Path=api', 'c=3; Path=/api; Path=x'], '/api/login');
    expect(jar.list().map((c) => [c.name, c.path])).toEqual([
      ['a', '/api'],
      ['b', '/api'],
      ['c', '/api'],
    ]);
  });

  it('snapshots and restores stale values for the replay experiment', () => {
    const jar = new CookieJar();
    jar.apply(['session=old; Path=/'], '/login');
    const snapshot = jar.snapshot();
    jar.apply(['session=; Path=/; Max-Age=0'], '/logout');
    expect(jar.header('/me')).toBe('');
    jar.restore(snapshot);
    expect(jar.header('/me')).toBe('session=old');
    jar.set('session', 'typed');
    expect(jar.header('/me')).toBe('session=typed');
    expect(() => jar.set('bad name', 'x')).toThrow(/not a valid cookie name/);
  });
});

describe('decodeCookieValue', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  it('shows the payload of a signed cookie', () => {
    const decoded = decodeCookieValue(`${b64('{"userId":"alice"}')}.c2lnbmF0dXJl`);
    expect(decoded).toMatchObject({ kind: 'json', data: { userId: 'alice' } });
  });
  it('shows URL-encoded JSON and JWT payloads', () => {
    expect(decodeCookieValue(encodeURIComponent('{"a":1}.sig'))).toMatchObject({
      kind: 'json',
      data: { a: 1 },
    });
    const jwt = `${b64('{"alg":"HS256"}')}.${b64('{"sub":"alice","jti":"1"}')}.sig`;
    expect(decodeCookieValue(jwt)).toMatchObject({ kind: 'json', data: { sub: 'alice' } });
  });
  it('calls a random ID opaque', () => {
    expect(decodeCookieValue('q8Xk2m1VbJ0vS7yT4nZr9w').kind).toBe('opaque');
  });
});
