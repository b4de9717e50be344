import { describe, expect, it } from 'vitest';
import {
  cookiePath,
  defaultPath,
  expiresAt,
  getSetCookies,
  isDeletion,
  isPersistent,
  parseSetCookie,
  pathMatches,
  prefixProblem,
} from '.';

const parse = (line: string) => {
  const cookie = parseSetCookie(line);
  if (cookie === null) throw new Error(`expected ${line} to parse`);
  return cookie;
};

describe('parseSetCookie', () => {
  it('reads name, value and every attribute, names case-insensitively', () => {
    const c = parse(
      'sid=abc; path=/; HTTPONLY; samesite=Lax; SeCuRe; MAX-AGE=60; Domain=.Example.com; Partitioned',
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
    expect(c.attributes).toEqual([
      'path=/',
      'HTTPONLY',
      'samesite=Lax',
      'SeCuRe',
      'MAX-AGE=60',
      'Domain=.Example.com',
      'Partitioned',
    ]);
    expect(c.raw).toBe(
      'sid=abc; path=/; HTTPONLY; samesite=Lax; SeCuRe; MAX-AGE=60; Domain=.Example.com; Partitioned',
    );
  });

  it('ignores lines a browser ignores: no "=", or an empty name (§5.2 steps 2 and 5)', () => {
    expect(parseSetCookie('garbage')).toBeNull();
    expect(parseSetCookie('=novalue')).toBeNull();
    expect(parseSetCookie('  =x; Path=/')).toBeNull();
    expect(parseSetCookie('a=')).toMatchObject({ name: 'a', value: '' });
  });

  it('keeps "=" inside values and trims whitespace around name and value', () => {
    expect(parse('t=a=b==; Path=/').value).toBe('a=b==');
    expect(parse('  t  =  v  ; Path=/').value).toBe('v');
    expect(parse('  t  =  v  ; Path=/').name).toBe('t');
  });

  it('keeps quotes in values, as browsers store them', () => {
    expect(parse('q="a b"; Path=/').value).toBe('"a b"');
  });

  it('lets a later attribute override an earlier one', () => {
    expect(parse('a=1; Max-Age=10; Max-Age=0').maxAge).toBe(0);
    expect(parse('a=1; SameSite=Strict; SameSite=Lax').sameSite).toBe('Lax');
    expect(parse('a=1; Path=/x; Path=/y').path).toBe('/y');
  });

  it('ignores invalid Max-Age, Expires and empty Domain values', () => {
    const c = parse('a=b; Max-Age=soon; Expires=never; Domain=');
    expect(c.maxAge).toBeUndefined();
    expect(c.expires).toBeUndefined();
    expect(c.domain).toBeUndefined();
    expect(parse('a=b; Max-Age=+5').maxAge).toBeUndefined();
    expect(parse('a=b; Max-Age=1.5').maxAge).toBeUndefined();
    expect(parse('a=b; Max-Age=-1').maxAge).toBe(-1);
    expect(parse('a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT').expires?.getTime()).toBe(0);
  });
});

describe('Path (RFC 6265 §5.2.4, §5.1.4): the rules the three old parsers disagreed on', () => {
  it('without Path, the cookie takes the default-path of the request URI', () => {
    const c = parse('a=1');
    expect(c.path).toBeUndefined();
    expect(c.pathAttribute).toBeUndefined();
    expect(cookiePath(c, '/login')).toBe('/');
    expect(cookiePath(c, '/api/login')).toBe('/api');
    expect(cookiePath(c, '/api/v1/login?next=/x')).toBe('/api/v1');
  });

  it('an empty Path= means the default-path too, and is kept as written for messages', () => {
    const c = parse('a=1; Path=');
    expect(c.path).toBeUndefined();
    expect(c.pathAttribute).toBe('');
    expect(cookiePath(c, '/api/login')).toBe('/api');
  });

  it('a Path that does not start with "/" means the default-path', () => {
    const c = parse('a=1; Path=api');
    expect(c.path).toBeUndefined();
    expect(c.pathAttribute).toBe('api');
    expect(cookiePath(c, '/api/login')).toBe('/api');
  });

  it('an invalid later Path cancels an earlier valid one', () => {
    const c = parse('a=1; Path=/app; Path=app');
    expect(c.path).toBeUndefined();
    expect(cookiePath(c, '/login')).toBe('/');
  });

  it('a valid Path is used as is, whatever the request', () => {
    expect(cookiePath(parse('a=1; Path=/app'), '/login')).toBe('/app');
    expect(cookiePath(parse('a=1; Path=/'), '/api/login')).toBe('/');
  });

  it('computes default paths', () => {
    expect(defaultPath('/')).toBe('/');
    expect(defaultPath('/login')).toBe('/');
    expect(defaultPath('/app/login')).toBe('/app');
    expect(defaultPath('/app/')).toBe('/app');
    expect(defaultPath('')).toBe('/');
    expect(defaultPath('login')).toBe('/');
    expect(defaultPath('/a/b#frag')).toBe('/a');
  });

  it('path-matches like a browser', () => {
    expect(pathMatches('/app', '/app')).toBe(true);
    expect(pathMatches('/app/x', '/app')).toBe(true);
    expect(pathMatches('/app/x', '/app/')).toBe(true);
    expect(pathMatches('/apple', '/app')).toBe(false);
    expect(pathMatches('/me', '/')).toBe(true);
    expect(pathMatches('/me?x=1', '/me')).toBe(true);
    expect(pathMatches('?x=1', '/')).toBe(true);
  });
});

describe('lifetime: Max-Age wins over Expires (§5.3 step 3)', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  it('says when a cookie expires', () => {
    expect(expiresAt(parse('a=1; Max-Age=60'), now)).toBe(now + 60_000);
    expect(expiresAt(parse('a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT'), now)).toBe(0);
    expect(expiresAt(parse('a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60'), now)).toBe(
      now + 60_000,
    );
    expect(expiresAt(parse('a=1'), now)).toBeUndefined();
  });

  it('treats Max-Age ≤ 0 or a past Expires as a deletion', () => {
    expect(isDeletion(parse('a=; Max-Age=0'), now)).toBe(true);
    expect(isDeletion(parse('a=; Max-Age=-1'), now)).toBe(true);
    expect(isDeletion(parse('a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT'), now)).toBe(true);
    expect(isDeletion(parse('a=; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:00 GMT'), now)).toBe(false);
    expect(isDeletion(parse('a=; Max-Age=0; Expires=Thu, 01 Jan 2099 00:00:00 GMT'), now)).toBe(true);
    expect(isDeletion(parse('a='), now)).toBe(false);
  });

  it('calls a cookie persistent when it outlives the browser session', () => {
    expect(isPersistent(parse('a=1; Max-Age=10'), now)).toBe(true);
    expect(isPersistent(parse('a=1; Expires=Thu, 01 Jan 2099 00:00:00 GMT'), now)).toBe(true);
    expect(isPersistent(parse('a=1; Max-Age=0; Expires=Thu, 01 Jan 2099 00:00:00 GMT'), now)).toBe(false);
    expect(isPersistent(parse('a=1'), now)).toBe(false);
  });
});

describe('cookie prefixes (RFC 6265bis §4.1.3)', () => {
  it('requires Secure, Path=/ and no Domain for __Host-', () => {
    expect(prefixProblem(parse('__Host-sid=; Max-Age=0; Path=/'))).toMatch(/Secure/);
    expect(prefixProblem(parse('__Host-sid=; Secure; Path=/app'))).toMatch(/Path=\//);
    expect(prefixProblem(parse('__Host-sid=; Secure'))).toMatch(/Path=\//);
    expect(prefixProblem(parse('__Host-sid=; Secure; Path=/; Domain=localhost'))).toMatch(/Domain/);
    expect(prefixProblem(parse('__Host-sid=1; Secure; Path=/'))).toBeNull();
  });

  it('requires Secure for __Secure-', () => {
    expect(prefixProblem(parse('__Secure-x=1'))).toMatch(/Secure/);
    expect(prefixProblem(parse('__Secure-x=1; Secure; Domain=example.com; Path=/a'))).toBeNull();
  });

  it('matches the prefixes case-insensitively', () => {
    expect(prefixProblem(parse('__host-sid=1; Path=/'))).toMatch(/Secure/);
    expect(prefixProblem(parse('__SECURE-x=1'))).toMatch(/Secure/);
    expect(prefixProblem(parse('sid=1'))).toBeNull();
  });
});

describe('getSetCookies', () => {
  it('reads every Set-Cookie line separately', () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    headers.append('Set-Cookie', 'b=2');
    expect(getSetCookies(headers)).toEqual(['a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'b=2']);
  });
});
