/**
 * A tiny, self-contained auth server used only by the checks' own tests. It follows the HTTP
 * contract of docs/security-reference.md §4.1 and passes every check; each `Flaw` switches on one classic mistake
 * so a test can prove that the matching check catches it (and, where it matters, that the others
 * don't). It does not depend on the real sandbox server, so the checks can be tested on their own.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { sign, verify } from 'hono/jwt';

export type Flaw =
  // CSRF and method (LO-01..03)
  | 'get-logout'
  | 'get-and-post-logout'
  | 'no-csrf'
  | 'strict-csrf'
  | 'open-redirect'
  | 'slash-slash-redirect'
  | 'normalised-redirect'
  // invalidation (LO-04..09)
  | 'no-server-invalidation'
  | 'redirect-only'
  | 'wrong-delete-path'
  | 'session-emptied'
  | 'crash-when-logged-out'
  | 'clear-wipes-prefs'
  | 'same-id-after-logout'
  // fixation (LO-10, LO-11)
  | 'no-rotation'
  | 'permissive-store'
  // cookie attributes and headers (LO-12..16)
  | 'cookie-no-httponly'
  | 'cookie-no-samesite'
  | 'cookie-domain'
  | 'cookie-persistent'
  | 'short-id'
  | 'remember-left'
  | 'remember-emptied'
  | 'no-remember-cookie'
  | 'remember-not-revoked'
  | 'no-store-missing'
  | 'no-cache-only'
  | 'csd-none'
  | 'csd-unquoted'
  | 'csd-cookies'
  // devices (LO-17, LO-18)
  | 'logout-kills-all'
  | 'logout-all-current-only'
  | 'logout-all-keeps-remember'
  // tokens (LO-19..24)
  | 'token-no-exp'
  | 'token-long-exp'
  | 'token-no-jti'
  | 'forget-only'
  | 'denylist-raw'
  | 'no-refresh-rotation'
  | 'no-reuse-detection'
  | 'logout-keeps-refresh'
  | 'refresh-junk-access'
  | 'refresh-not-awaited'
  | 'replay-crashes'
  | 'refresh-access-no-exp'
  // the login route (AU-01, AU-02)
  | 'login-any-password'
  | 'login-enumeration'
  | 'login-failure-cookie'
  // hostile behaviour for runner tests
  | 'hang-me'
  | 'throw-me';

const USERS: Record<string, string> = { alice: 'correct horse battery staple', bob: 'hunter2hunter2' };
const SECRET = 'test-secret-test-secret-test-secret';

interface SessionRecord {
  userId?: string;
  theme?: string;
}

interface RefreshRecord {
  user: string;
  family: string;
  used: boolean;
}

export function createReferenceApp(flaws: readonly Flaw[] = []) {
  const has = (flaw: Flaw) => flaws.includes(flaw);
  const sessions = new Map<string, SessionRecord>();
  const remembers = new Map<string, string>();
  const refreshTokens = new Map<string, RefreshRecord>();
  const revokedFamilies = new Set<string>();
  const denylist = new Set<string>();

  const randomId = (bytes = 16) => {
    const raw = crypto.getRandomValues(new Uint8Array(has('short-id') ? 6 : bytes));
    return btoa(String.fromCharCode(...raw))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');
  };

  const cookieOptions = (): Parameters<typeof setCookie>[3] => {
    const options: NonNullable<Parameters<typeof setCookie>[3]> = { path: '/' };
    if (!has('cookie-no-httponly')) options.httpOnly = true;
    if (!has('cookie-no-samesite')) options.sameSite = 'Lax';
    if (has('cookie-domain')) options.domain = 'localhost';
    if (has('cookie-persistent')) options.maxAge = 86_400;
    return options;
  };

  const readSession = (c: Context): { sid: string; record: SessionRecord } | undefined => {
    const sid = getCookie(c, 'sid');
    if (sid === undefined) return undefined;
    let record = sessions.get(sid);
    if (record === undefined && has('permissive-store')) {
      record = {};
      sessions.set(sid, record);
    }
    return record === undefined ? undefined : { sid, record };
  };

  const startSession = (c: Context, record: SessionRecord) => {
    const sid = randomId();
    sessions.set(sid, record);
    setCookie(c, 'sid', sid, cookieOptions());
    return sid;
  };

  const currentUser = (c: Context): string | undefined => {
    const userId = readSession(c)?.record.userId;
    if (userId !== undefined) return userId;
    const token = getCookie(c, 'remember');
    const user = token === undefined ? undefined : remembers.get(token);
    if (user !== undefined) startSession(c, { userId: user });
    return user;
  };

  const app = new Hono();
  // Like Hono's default (a 500), minus the console noise in test output.
  app.onError((error, c) =>
    error instanceof HTTPException ? error.getResponse() : c.text('Internal Server Error', 500),
  );
  app.use(async (c, next) => {
    if (has('strict-csrf') && c.req.method === 'POST' && c.req.path === '/logout')
      return c.text('Forbidden', 403);
    await next();
    return undefined;
  });
  if (!has('no-csrf')) app.use(csrf());

  app.get('/', (c) => c.html('<h1>Home</h1>'));
  app.get('/login', (c) => c.html('<form method="post" action="/login"></form>'));

  app.post('/prefs', async (c) => {
    const form = await c.req.parseBody();
    const theme = typeof form.theme === 'string' ? form.theme : 'light';
    const current = readSession(c);
    if (current !== undefined) current.record.theme = theme;
    else startSession(c, { theme });
    return c.json({ theme });
  });
  app.get('/prefs', (c) => c.json({ theme: readSession(c)?.record.theme ?? 'light' }));

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const username = String(form.username ?? '');
    const known = USERS[username] !== undefined;
    const passwordOk = known && (USERS[username] === form.password || has('login-any-password'));
    if (!passwordOk) {
      if (has('login-enumeration'))
        return known ? c.text(`Wrong password for ${username}`, 401) : c.text('No such user', 404);
      // A failed-attempt counter kept in a session, but only for names that exist: a cookie tells them apart.
      if (has('login-failure-cookie') && known) startSession(c, {});
      return c.text('Invalid credentials', 401);
    }
    const current = readSession(c);
    if (has('no-rotation') && current !== undefined) {
      current.record.userId = username;
      setCookie(c, 'sid', current.sid, cookieOptions());
    } else {
      if (current !== undefined) sessions.delete(current.sid);
      const record: SessionRecord = { userId: username };
      if (current?.record.theme !== undefined) record.theme = current.record.theme;
      startSession(c, record);
    }
    if (form.remember === '1' && !has('no-remember-cookie')) {
      const token = randomId(32);
      remembers.set(token, username);
      setCookie(c, 'remember', token, { ...cookieOptions(), maxAge: 30 * 86_400 });
    }
    c.header('Cache-Control', 'no-store');
    return c.redirect('/dashboard', 303);
  });

  app.get('/me', async (c) => {
    if (has('hang-me')) await new Promise(() => {});
    if (has('throw-me')) throw new Error('learner bug');
    const user = currentUser(c);
    if (user === undefined) return c.json({ error: 'not logged in' }, 401);
    if (!has('no-store-missing'))
      c.header('Cache-Control', has('no-cache-only') ? 'no-cache' : 'private, no-store');
    return c.json({ user: { username: user } });
  });

  const logoutHandler = (c: Context) => {
    const current = readSession(c);
    if (has('crash-when-logged-out') && current === undefined)
      throw new TypeError("Cannot read properties of undefined (reading 'record')");
    if (has('redirect-only')) return c.redirect('/', 303);
    const remember = getCookie(c, 'remember');
    if (remember !== undefined && !has('remember-not-revoked')) remembers.delete(remember);
    // 'remember-emptied': an empty value without Max-Age, which the browser keeps (not a deletion).
    if (remember !== undefined && has('remember-emptied')) setCookie(c, 'remember', '', cookieOptions());
    else if (remember !== undefined && !has('remember-left')) deleteCookie(c, 'remember', { path: '/' });
    if (current !== undefined) {
      const { userId, theme } = current.record;
      if (has('logout-kills-all')) {
        for (const [sid, record] of sessions) if (record.userId === userId) sessions.delete(sid);
      }
      if (has('same-id-after-logout')) {
        delete current.record.userId;
      } else {
        // 'no-server-invalidation' replaces the browser's cookie but leaves the old record valid.
        if (!has('no-server-invalidation')) sessions.delete(current.sid);
        if (has('wrong-delete-path')) deleteCookie(c, 'sid', { path: '/app' });
        else if (theme !== undefined && !has('clear-wipes-prefs')) startSession(c, { theme });
        else if (has('session-emptied'))
          setCookie(c, 'sid', '', cookieOptions()); // emptied, never expired
        else deleteCookie(c, 'sid', { path: '/' });
      }
    }
    if (!has('no-store-missing')) c.header('Cache-Control', has('no-cache-only') ? 'no-cache' : 'no-store');
    if (has('csd-unquoted')) c.header('Clear-Site-Data', 'cache, storage');
    else if (has('csd-cookies')) c.header('Clear-Site-Data', '"cache", "cookies", "storage"');
    else if (!has('csd-none')) c.header('Clear-Site-Data', '"cache", "storage"');
    const next = c.req.query('next');
    let target = '/';
    if (next !== undefined) {
      if (has('open-redirect')) target = next;
      else if (has('slash-slash-redirect') && next.startsWith('/')) target = next;
      else if (has('normalised-redirect') && /^\/(?![/\\])/.test(next) && !/[\u0000-\u001f]/.test(next)) {
        // Checks the input, then returns the parsed path: "/..//evil.example" → "//evil.example".
        const url = new URL(next, 'http://same-origin.invalid');
        target = url.pathname + url.search;
      }
      // One leading "/", no backslash or control character (browsers drop tabs: "/\t/x" is "//x").
      else if (/^\/(?![/\\])/.test(next) && !/[\\\u0000-\u001f\u007f]/.test(next)) target = next;
    }
    return c.redirect(target, 303);
  };
  if (has('get-logout') || has('get-and-post-logout')) app.get('/logout', logoutHandler);
  if (!has('get-logout')) app.post('/logout', logoutHandler);

  app.post('/logout-all', (c) => {
    const current = readSession(c);
    const userId = current?.record.userId;
    if (userId === undefined) return c.redirect('/login', 303);
    if (has('logout-all-current-only')) sessions.delete(current!.sid);
    else for (const [sid, record] of sessions) if (record.userId === userId) sessions.delete(sid);
    if (!has('logout-all-keeps-remember')) {
      for (const [token, user] of remembers) if (user === userId) remembers.delete(token);
    }
    deleteCookie(c, 'sid', { path: '/' });
    deleteCookie(c, 'remember', { path: '/' });
    c.header('Cache-Control', 'no-store');
    return c.redirect('/login', 303);
  });

  // ---- token API -------------------------------------------------------------------------
  const issue = async (user: string, family: string) => {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = { sub: user, iat: now };
    if (!has('token-no-exp')) payload.exp = now + (has('token-long-exp') ? 86_400 : 600);
    if (!has('token-no-jti')) payload.jti = crypto.randomUUID();
    const access_token = await sign(payload, SECRET, 'HS256');
    const refresh_token = randomId(32);
    refreshTokens.set(refresh_token, { user, family, used: false });
    return { access_token, refresh_token };
  };

  const bearer = async (c: Context): Promise<Record<string, unknown> | undefined> => {
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    try {
      const payload = (await verify(token, SECRET, 'HS256')) as Record<string, unknown>;
      if (has('denylist-raw') ? denylist.has(token) : denylist.has(String(payload.jti))) return undefined;
      return payload;
    } catch {
      return undefined;
    }
  };

  app.post('/api/login', async (c) => {
    const body = await c.req
      .json<{ username?: string; password?: string }>()
      .catch(() => ({}) as { username?: string; password?: string });
    const username = body.username ?? '';
    if (USERS[username] === undefined || USERS[username] !== body.password)
      return c.json({ error: 'invalid_grant' }, 401);
    return c.json(await issue(username, crypto.randomUUID()));
  });

  app.get('/api/me', async (c) => {
    const payload = await bearer(c);
    if (payload === undefined) return c.json({ error: 'invalid_token' }, 401);
    return c.json({ user: { username: payload.sub } });
  });

  app.post('/api/logout', async (c) => {
    const payload = await bearer(c);
    if (payload === undefined) return c.json({ error: 'invalid_token' }, 401);
    if (!has('forget-only')) {
      const header = c.req.header('authorization') ?? '';
      denylist.add(has('denylist-raw') ? header.slice(7) : String(payload.jti));
      const body = await c.req
        .json<{ refresh_token?: string }>()
        .catch(() => ({}) as { refresh_token?: string });
      const record = body.refresh_token === undefined ? undefined : refreshTokens.get(body.refresh_token);
      if (record !== undefined && !has('logout-keeps-refresh')) revokedFamilies.add(record.family);
    }
    return c.json({ ok: true });
  });

  app.post('/api/refresh', async (c) => {
    const body = await c.req
      .json<{ refresh_token?: string }>()
      .catch(() => ({}) as { refresh_token?: string });
    const token = body.refresh_token ?? '';
    const record = refreshTokens.get(token);
    if (record === undefined || revokedFamilies.has(record.family))
      return c.json({ error: 'invalid_grant' }, 400);
    if (has('no-refresh-rotation')) {
      const now = Math.floor(Date.now() / 1000);
      const access_token = await sign(
        { sub: record.user, iat: now, exp: now + 600, jti: crypto.randomUUID() },
        SECRET,
        'HS256',
      );
      return c.json({ access_token, refresh_token: token });
    }
    if (record.used) {
      if (has('replay-crashes'))
        throw new TypeError("Cannot read properties of undefined (reading 'family')");
      if (!has('no-reuse-detection')) revokedFamilies.add(record.family);
      return c.json({ error: 'invalid_grant' }, 400);
    }
    record.used = true;
    const pair = await issue(record.user, record.family);
    if (has('refresh-junk-access')) pair.access_token = 'not-a-jwt';
    // The rotation's promise put in the JSON without await: JSON.stringify turns it into {}.
    if (has('refresh-not-awaited'))
      return c.json({ ...pair, refresh_token: Promise.resolve(pair.refresh_token) });
    if (has('refresh-access-no-exp')) {
      const now = Math.floor(Date.now() / 1000);
      pair.access_token = await sign(
        { sub: record.user, iat: now, jti: crypto.randomUUID() },
        SECRET,
        'HS256',
      );
    }
    return c.json(pair);
  });

  return app;
}
