import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ServerSessionStore, sessionMiddleware, type SessionVariables } from '../session';
import { csrfProtection, csrfToken } from './index';

function app() {
  const a = new Hono<{ Variables: SessionVariables }>();
  a.use('*', sessionMiddleware({ store: new ServerSessionStore(), cookieName: 'sid', secure: false }));
  a.use('*', csrfProtection());
  a.get('/token', (c) => c.text(csrfToken(c)));
  a.post('/action', (c) => c.text('done'));
  a.get('/action', (c) => c.text('get is never checked'));
  a.post('/api/thing', (c) => c.text('api'));
  return a;
}

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('csrfProtection', () => {
  it('accepts same-origin form posts by Origin or by Sec-Fetch-Site', async () => {
    const a = app();
    expect(
      (
        await a.request('http://localhost/action', {
          method: 'POST',
          headers: { ...form, Origin: 'http://localhost' },
          body: 'x=1',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await a.request('http://localhost/action', {
          method: 'POST',
          headers: { ...form, 'Sec-Fetch-Site': 'same-origin' },
          body: 'x=1',
        })
      ).status,
    ).toBe(200);
  });

  it('rejects cross-site, header-less and missing-Content-Type posts with 403', async () => {
    const a = app();
    for (const headers of [
      { ...form, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      { ...form },
      { Origin: 'https://evil.example' },
      { 'Content-Type': 'text/plain', 'Sec-Fetch-Site': 'same-site' },
    ]) {
      expect(
        (await a.request('http://localhost/action', { method: 'POST', headers, body: 'x=1' })).status,
      ).toBe(403);
    }
  });

  it('never checks GET (so state must not change on GET) and exempts the bearer-token API', async () => {
    const a = app();
    expect(
      (await a.request('http://localhost/action', { headers: { Origin: 'https://evil.example' } })).status,
    ).toBe(200);
    expect(
      (
        await a.request('http://localhost/api/thing', {
          method: 'POST',
          headers: { ...form, Origin: 'https://evil.example' },
          body: '',
        })
      ).status,
    ).toBe(200);
  });

  it('checks the form token when a form sends one', async () => {
    const a = app();
    const tokenRes = await a.request('http://localhost/token');
    const sid = tokenRes.headers.getSetCookie()[0]!.split(';')[0]!;
    const token = await tokenRes.text();
    const post = (body: string) =>
      a.request('http://localhost/action', {
        method: 'POST',
        headers: { ...form, Origin: 'http://localhost', Cookie: sid },
        body,
      });
    expect((await post(`csrf_token=${token}`)).status).toBe(200);
    expect((await post('csrf_token=nope')).status).toBe(403);
    expect((await post('other=1')).status).toBe(200);
  });
});
