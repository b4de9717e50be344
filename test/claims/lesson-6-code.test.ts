/**
 * Lesson 6 says that revoking a refresh token also ends the access tokens of its grant. This runs
 * the lesson's own Hono code (the `ts` tabs of its three token sections, as printed on the page)
 * with a login route added, and checks that the code does what the text says.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { transform } from 'sucrase';
import { describe, expect, it } from 'vitest';

const lesson = readFileSync(join(import.meta.dirname, '../../lessons/06-token-logout/index.mdx'), 'utf8');

/** The `ts` block of the section with this title. */
function honoTab(title: string): string {
  const start = lesson.indexOf(`<Section kind="code" title="${title}">`);
  if (start < 0) throw new Error(`lesson 6 has no code section titled "${title}"`);
  const section = lesson.slice(start, lesson.indexOf('</Section>', start));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (code === undefined) throw new Error(`the section "${title}" has no ts block`);
  return code;
}

interface App {
  request(path: string, init?: RequestInit): Promise<Response>;
}

/** The three tabs in page order, plus the one route the page leaves out: login. */
function lessonApp(): App {
  const source = [
    honoTab('Short-lived and identifiable: exp and jti'),
    honoTab('A denylist keyed by jti'),
    honoTab('Refresh tokens: rotate, and watch for reuse'),
    `app.post('/api/login', async (c) => {
      const family = crypto.randomUUID()
      return c.json({ access_token: await issueAccessToken('alice', family), refresh_token: issueRefreshToken('alice', family) })
    })
    exports.app = app`,
  ].join('\n');
  const { code } = transform(source, { transforms: ['typescript', 'imports'] });
  const exports: { app?: App } = {};
  new Function('require', 'exports', code)(createRequire(import.meta.url), exports);
  if (!exports.app) throw new Error('the lesson code defines no app');
  return exports.app;
}

interface Tokens {
  access_token: string;
  refresh_token: string;
}

function client(app: App) {
  const post = (path: string, body: unknown, bearer?: string) =>
    app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
  return {
    login: async () => (await (await post('/api/login', {})).json()) as Tokens,
    refresh: (refresh_token: string) => post('/api/refresh', { refresh_token }),
    logout: (tokens: Tokens) =>
      post('/api/logout', { refresh_token: tokens.refresh_token }, tokens.access_token),
    me: async (access: string) =>
      (await app.request('/api/me', { headers: { authorization: `Bearer ${access}` } })).status,
  };
}

describe("lesson 6's token code", () => {
  it('puts the grant in every access token as fam', async () => {
    const { login } = client(lessonApp());
    const { access_token } = await login();
    const payload = JSON.parse(
      Buffer.from(access_token.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      sub: 'alice',
      jti: expect.any(String),
      exp: expect.any(Number),
      fam: expect.any(String),
    });
  });

  it('logout revokes the refresh token and every access token of its grant, not just the one sent', async () => {
    const api = client(lessonApp());
    const first = await api.login();
    const refreshed = (await (await api.refresh(first.refresh_token)).json()) as Tokens;
    expect(await api.me(first.access_token)).toBe(200);
    expect(await api.me(refreshed.access_token)).toBe(200);

    expect((await api.logout(refreshed)).status).toBe(200);
    expect(await api.me(refreshed.access_token)).toBe(401); // the token sent, by jti
    expect(await api.me(first.access_token)).toBe(401); // an earlier token of the same grant, by fam
    expect((await api.refresh(refreshed.refresh_token)).status).toBe(400);
  });

  it('leaves other grants alone', async () => {
    const api = client(lessonApp());
    const phone = await api.login();
    const laptop = await api.login();
    await api.logout(phone);
    expect(await api.me(laptop.access_token)).toBe(200);
  });

  it('a replayed refresh token revokes the family, its access tokens included', async () => {
    const api = client(lessonApp());
    const first = await api.login();
    const refreshed = (await (await api.refresh(first.refresh_token)).json()) as Tokens;
    expect((await api.refresh(first.refresh_token)).status).toBe(400);
    expect((await api.refresh(refreshed.refresh_token)).status).toBe(400);
    expect(await api.me(refreshed.access_token)).toBe(401);
  });
});
