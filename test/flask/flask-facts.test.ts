/**
 * What the lessons say Flask, Flask-Login and Flask-WTF do, checked by running them: each script
 * in `scripts/` drives a tiny app through Flask's test client and prints what came back. These are
 * the facts an audit found the course getting wrong, so each one is pinned by behaviour here and by
 * wording in `test/claims/`.
 *
 * Needs Debian's Flask packages; without them every test fails with the command that installs them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flaskPython, runFlaskScript } from '../helpers/flask-python';

const script = (name: string) => join(import.meta.dirname, 'scripts', name);

/** Each script runs once per file; its tests read different parts of the same observations. */
function once<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= start());
}

describe('the Flask stack is installed', () => {
  it('finds a python with Flask, Flask-Login, Flask-WTF and PyJWT', () => {
    const { versions } = flaskPython();
    for (const version of Object.values(versions)) expect(version).toMatch(/^\d+\.\d+/);
  });
});

describe("the quickstart's GET /logout with session.pop('username')", () => {
  interface Quickstart {
    anonymousLogout: number;
    setCookieBeforeLogin: string[];
    loginSetCookie: string[];
    firstLogout: number;
    firstLogoutSetCookie: string[];
    secondLogout: number;
    plantedIndex: string;
    planted: string;
    plantedLoginSetCookie: string[];
  }
  const observed = once(() => runFlaskScript<Quickstart>(script('quickstart_logout.py')));

  it('fails LO-07: pop without a default raises KeyError, so an anonymous or second logout is a 500', async () => {
    const q = await observed();
    expect(q.anonymousLogout).toBe(500);
    expect(q.firstLogout).toBe(302);
    expect(q.firstLogoutSetCookie.join()).toMatch(/^session=; .*Max-Age=0/);
    expect(q.secondLogout).toBe(500);
  });

  it('does not fail LO-10 as written: no cookie before login, and login always signs a new value', async () => {
    const q = await observed();
    expect(q.setCookieBeforeLogin).toEqual([]);
    expect(q.loginSetCookie).toHaveLength(1);
    expect(q.plantedIndex).toBe('You are not logged in');
    expect(q.plantedLoginSetCookie).toHaveLength(1);
    expect(q.plantedLoginSetCookie[0]).toMatch(/^session=eyJ/);
    expect(q.plantedLoginSetCookie[0]).not.toContain(q.planted);
  });
});

describe("Flask-WTF's CSRFProtect on a logout POST", () => {
  interface Wtf {
    methods: string[];
    timeLimit: number;
    sslStrict: boolean;
    withToken: number;
    withoutToken: number;
    deleteWithoutToken: number;
    expired: number;
    expiredReason: string;
    expiredWithoutTimeLimit: number;
    httpsNoReferer: number;
    httpsNoRefererReason: string;
    httpsWithReferer: number;
  }
  const observed = once(() => runFlaskScript<Wtf>(script('wtf_csrf.py')));

  it('checks POST, PUT, PATCH and DELETE by default, not GET', async () => {
    const w = await observed();
    expect(w.methods).toEqual(['DELETE', 'PATCH', 'POST', 'PUT']);
    expect([w.withToken, w.withoutToken, w.deleteWithoutToken]).toEqual([303, 400, 400]);
  });

  it('answers 400 to a token older than WTF_CSRF_TIME_LIMIT (3600 s), and accepts it with no limit', async () => {
    const w = await observed();
    expect(w.timeLimit).toBe(3600);
    expect([w.expired, w.expiredReason]).toEqual([400, 'The CSRF token has expired.']);
    expect(w.expiredWithoutTimeLimit).toBe(303);
  });

  it('answers 400 over HTTPS when the Referer is missing, and accepts a same-origin one', async () => {
    const w = await observed();
    expect(w.sslStrict).toBe(true);
    expect([w.httpsNoReferer, w.httpsNoRefererReason]).toEqual([400, 'The referrer header is missing.']);
    expect(w.httpsWithReferer).toBe(303);
  });
});

describe("Flask's session cookie", () => {
  interface Cookie {
    permanentOn: string;
    permanentOff: string;
    smallValue: string;
    smallDecoded: unknown;
    cartValue: string;
    cartDecoded: { cart: string[] };
  }
  const observed = once(() => runFlaskScript<Cookie>(script('session_cookie.py')));

  it('gets an Expires only for a permanent session, which SESSION_PERMANENT=True makes of every session', async () => {
    const c = await observed();
    expect(c.permanentOn).toMatch(/; Expires=[^;]+ GMT;/);
    expect(c.permanentOff).not.toMatch(/Expires=|Max-Age=/i);
  });

  it('holds base64url JSON, zlib-compressed behind a leading dot when that is shorter', async () => {
    const c = await observed();
    expect(c.smallValue).toMatch(/^eyJ/);
    expect(c.smallDecoded).toEqual({ theme: 'dark' });
    expect(c.cartValue).toMatch(/^\.eJ/);
    expect(c.cartDecoded.cart).toHaveLength(20);
  });
});

describe('a Flask-Login logout view', () => {
  it('answers a second logout with 401 under @login_required, and with the same 303 without it', async () => {
    const r = await runFlaskScript<{ guarded: number[]; open: number[] }>(script('login_required_logout.py'));
    expect(r.guarded).toEqual([303, 401]);
    expect(r.open).toEqual([303, 303]);
  });
});

describe("Flask-Login 0.6's strong session protection and X-Forwarded-For", () => {
  interface Addr {
    readsHeader: boolean;
    direct: { sameAddress: number; otherAddress: number; otherAddressSpoofed: number };
    proxyFix: { sameClient: number; otherClient: number; otherClientSpoofed: number };
    proxyFixAndDrop: { sameClient: number; otherClientSpoofed: number };
  }
  const observed = once(() => runFlaskScript<Addr>(script('remote_addr.py')));

  it('reads the client-supplied X-Forwarded-For before the real address', async () => {
    const { versions } = flaskPython();
    expect(versions['Flask-Login'], 'these facts are about the 0.6 releases').toMatch(/^0\.6\./);
    const a = await observed();
    expect(a.readsHeader).toBe(true);
  });

  it('lets a cookie replayed from another address in when the header names the victim', async () => {
    const { direct } = await observed();
    expect(direct).toEqual({ sameAddress: 200, otherAddress: 401, otherAddressSpoofed: 200 });
  });

  it('is not fixed by ProxyFix alone, and is once the raw header is dropped after it', async () => {
    const a = await observed();
    expect(a.proxyFix).toEqual({ sameClient: 200, otherClient: 401, otherClientSpoofed: 200 });
    expect(a.proxyFixAndDrop).toEqual({ sameClient: 200, otherClientSpoofed: 401 });
  });
});
