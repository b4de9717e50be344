import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CookieSessionStore, ServerSessionStore } from '../../../src/session';
import { detectStack, observer, stackLine, type Observed } from '.';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64url');
const SIG = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f';
/** Flask's session cookie as itsdangerous writes it: payload.timestamp.signature. */
const flaskCookie = (data: object) => `${b64(JSON.stringify(data))}.aS-7Fg.${SIG}`;
const flaskCompressed = (data: object) => `.${b64(deflateSync(JSON.stringify(data)))}.aS-7Fg.${SIG}`;

const seen = (
  cookies: Record<string, string>[],
  headers: Partial<Pick<Observed, 'server' | 'poweredBy'>> = {},
): Observed => ({
  cookies: cookies.flatMap((c) => Object.entries(c).map(([name, value]) => ({ name, value }))),
  server: headers.server ?? [],
  poweredBy: headers.poweredBy ?? [],
});

describe('detectStack: a guess from cookie names and headers', () => {
  it('Flask + Flask-Login from the signed session (its _user_id key) and remember_token', () => {
    const stack = detectStack(
      seen([
        { session: flaskCookie({ _fresh: true, _id: 'ab', _user_id: '1' }) },
        { remember_token: '1|abc' },
      ]),
    );
    expect(stack.guess).toBe('Flask + Flask-Login');
    expect(stack.stacks).toEqual(['flask', 'flask-login']);
    expect(stack.evidence).toEqual([
      'cookie "session" holds itsdangerous signed data (eyJ… or .eJ…, with a dot-separated signature): Flask’s default session',
      'the Flask session holds "_user_id": Flask-Login’s key',
      'cookie "remember_token": Flask-Login’s remember-me cookie',
    ]);
    expect(stackLine(stack)).toBe('Stack (a guess from cookie names): Flask + Flask-Login');
  });

  it('a compressed Flask session (.eJ…) and Werkzeug’s Server header', () => {
    const value = flaskCompressed({ csrf_token: 'x'.repeat(80), theme: 'dark' });
    expect(value.startsWith('.eJ')).toBe(true);
    const stack = detectStack(seen([{ session: value }], { server: ['Werkzeug/2.2.2 Python/3.11.2'] }));
    expect(stack.guess).toBe('Flask');
    expect(stack.evidence[0]).toContain('itsdangerous signed data');
    expect(stack.evidence[1]).toBe('Server: Werkzeug/2.2.2 (Flask’s development server)');
  });

  it('Express + express-session from connect.sid=s%3A… and X-Powered-By', () => {
    const stack = detectStack(seen([{ 'connect.sid': 's%3AAbC123.xYz%2B9' }], { poweredBy: ['Express'] }));
    expect(stack.guess).toBe('Express + express-session');
    expect(stack.stacks).toEqual(['express', 'express-session']);
  });

  it('Django from sessionid and csrftoken; Hono from the sandbox’s sid/session and remember', () => {
    expect(detectStack(seen([{ csrftoken: 'abc' }, { sessionid: 'q8x' }])).guess).toBe('Django');
    expect(detectStack(seen([{ sid: 'AbCdEfGhIjKlMnOpQrStUv' }, { remember: 'r' }])).guess).toBe(
      'Hono (the Logout Lab sandbox)',
    );
    // The sandbox's cookie store looks like Flask's but carries its issue time in decimal seconds.
    const sandbox = `${b64('{"userId":"u1"}')}.1764770000.${SIG}`;
    expect(detectStack(seen([{ session: sandbox }])).stacks).toEqual(['hono']);
  });

  it('Hono from what the sandbox’s own session stores really write (not Flask, despite the look-alike)', async () => {
    const signed = await new CookieSessionStore({ secret: 'x'.repeat(32) }).encode({ userId: 'u1' });
    const id = new ServerSessionStore().newId();
    for (const cookies of [
      [{ session: signed }, { remember: 'r' }],
      [{ sid: id }, { remember: 'r' }],
      [{ '__Host-sid': id }],
    ])
      expect(detectStack(seen(cookies)).stacks).toEqual(['hono']);
  });

  it('says nothing it cannot back: unknown names, a session cookie that is not signed data, no clue at all', () => {
    for (const cookies of [
      [{ PHPSESSID: 'abc' }],
      [{ session: 'random-opaque-id' }],
      [{ sessionid: 'x' }],
      [],
    ]) {
      const stack = detectStack(seen(cookies));
      expect(stack).toEqual({ guess: null, evidence: [], stacks: [] });
      expect(stackLine(stack)).toBe(
        'Stack (a guess from cookie names): not recognised, so no stack-specific fixes',
      );
    }
  });

  it('observer: reads Set-Cookie names and values and the Server and X-Powered-By headers, once each', () => {
    const { observed, observe } = observer();
    const headers = new Headers({ server: 'Werkzeug/2.2.2', 'x-powered-by': 'Express' });
    headers.append('set-cookie', 'session=abc.def; HttpOnly; Path=/');
    headers.append('set-cookie', 'remember_token=; Max-Age=0');
    observe(new Response('', { headers }));
    observe(new Response('', { headers }));
    expect(observed).toEqual({
      cookies: [
        { name: 'session', value: 'abc.def' },
        { name: 'remember_token', value: '' },
      ],
      server: ['Werkzeug/2.2.2'],
      poweredBy: ['Express'],
    });
  });
});
