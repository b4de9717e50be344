/**
 * The harness every check uses: a "browser" with a hand-managed cookie jar, request recording for
 * the trace, and the common flows (log in, ask /me, log out) with the §4.2 rules built in:
 * `redirect: 'manual'` (transports never follow), `Origin` + `Sec-Fetch-Site: same-origin` on
 * legitimate unsafe requests, cross-site negatives sent as form posts.
 */
import { CookieJar, getSetCookies, parseSetCookie, preview, type SetCookie } from '../cookies';
import type {
  CheckConfig,
  CheckId,
  CheckSurface,
  FormCsrf,
  Hint,
  SessionStoreKind,
  TraceEntry,
  Transport,
} from '../types';

/** §4.1's contract: the routes and forms of the sandbox server (and of any lab). */
export const SANDBOX_SURFACE: CheckSurface = {
  login: {
    path: '/login',
    username: 'username',
    password: 'password',
    remember: { name: 'remember', value: '1' },
  },
  me: { path: '/me', proof: 'json-user' },
  logout: { path: '/logout', method: 'POST' },
  loginPage: '/login',
  anonymous: 'prefs',
};

/** Thrown by flows and checks when the server under test misbehaves: the check fails with this message. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

export interface Verdict {
  status: 'pass' | 'fail' | 'advisory';
  message: string;
}

export const pass = (message: string): Verdict => ({ status: 'pass', message });
export const fail = (message: string): Verdict => ({ status: 'fail', message });
export const advisory = (message: string): Verdict => ({ status: 'advisory', message });

export interface CheckDefinition {
  id: CheckId;
  title: string;
  /** Where the requirement comes from (OWASP, ASVS, WSTG, RFC), as short references. */
  standards: readonly string[];
  hint: Hint;
  /** Advisory checks never fail: they pass or give advice. */
  advisory?: true;
  /**
   * The one session store this check can pass on, and why the other cannot (a clause that
   * follows "can never pass with the cookie store:"). labs/manifest refuses a lab that lists the
   * check on the other store, with this reason; leave it out when any store can pass.
   */
  store?: { only: SessionStoreKind; why: string };
  run(ctx: CheckContext): Promise<Verdict>;
}

/** A failure message in a fixed order, so every check reads the same way. */
export function explain(parts: {
  summary: string;
  sent: string;
  got: string;
  expected: string;
  why: string;
}): string {
  return [
    parts.summary,
    `Sent: ${parts.sent}`,
    `Came back: ${parts.got}`,
    `Expected: ${parts.expected}`,
    `Why it matters: ${parts.why}`,
  ].join('\n');
}

/** The hostile origin used for cross-site negatives and open-redirect probes. */
export const EVIL_ORIGIN = 'https://evil.example';

const BODY_EXCERPT = 300;
const HEADER_EXCERPT = 300;

/** Shortens text for traces and messages; a hostile server may send megabytes. */
export function clip(text: string, max = HEADER_EXCERPT): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

export interface Reply {
  label: string;
  method: string;
  /** Path and query as requested, relative to the base URL. */
  path: string;
  status: number;
  headers: Headers;
  setCookies: SetCookie[];
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  location: string | undefined;
}

export interface RequestOptions {
  /** What this step does, in plain words, for the trace. */
  label: string;
  /**
   * Who appears to send it. `same-origin`: `Origin: BASE` + `Sec-Fetch-Site: same-origin` (a real
   * user on the site); `cross-site`: `Origin: https://evil.example` + `Sec-Fetch-Site: cross-site`;
   * `none`: neither header (a typed URL, a link preview bot, curl). Default: `same-origin` for
   * unsafe methods, `none` for GET.
   */
  site?: 'same-origin' | 'cross-site' | 'none';
  form?: Record<string, string>;
  json?: unknown;
  bearer?: string;
  /** Send exactly this Cookie header instead of the jar's ('' sends none). */
  cookie?: string;
  /** Whether the response's Set-Cookie lines update the jar (default true). */
  updateJar?: boolean;
}

/** Everything one check run owns: its config, transport, abort signal and trace. */
export class CheckContext {
  readonly config: CheckConfig;
  readonly transport: Transport;
  readonly signal: AbortSignal;
  readonly trace: TraceEntry[] = [];
  readonly origin: string;
  readonly host: string;
  /** Label of the request in flight, so a timeout can say what it was waiting for. */
  inflight: string | undefined;
  /** The check being run, for precondition messages ("so this check could not …"). */
  readonly check: { id: CheckId; title: string } | undefined;
  /**
   * Set when the failure lies outside the check's own subject (for example lab 1's GET /prefs
   * breaks LO-08's precondition), so the result's hint points at what to fix instead.
   */
  hint: Hint | undefined;

  constructor(
    config: CheckConfig,
    transport: Transport,
    signal: AbortSignal,
    check?: { id: CheckId; title: string },
  ) {
    this.config = config;
    this.transport = transport;
    this.signal = signal;
    this.check = check;
    const url = new URL(transport.baseUrl);
    this.origin = url.origin;
    this.host = url.hostname;
  }

  /** A fresh browser with an empty jar. Checks open one per "device". */
  browser(): Browser {
    return new Browser(this);
  }

  get user(): string {
    return this.config.user.username;
  }

  /** Where the flows send their requests: the config's surface, or the sandbox's. */
  get surface(): CheckSurface {
    return this.config.surface ?? SANDBOX_SURFACE;
  }

  /** Whose code answers `route` (`"POST /prefs"`): the learner's, the server's, or not known. */
  owner(route: string): 'learner' | 'server' | 'unknown' {
    const routes = this.config.learnerRoutes;
    if (routes === undefined) return 'unknown';
    return routes.includes(route) ? 'learner' : 'server';
  }

  /** "your POST /login", "the server's POST /login" or "POST /login", by `owner`. */
  route(route: string): string {
    const owner = this.owner(route);
    return owner === 'learner' ? `your ${route}` : owner === 'server' ? `the server’s ${route}` : route;
  }
}

export class Browser {
  readonly ctx: CheckContext;
  readonly jar: CookieJar;

  constructor(ctx: CheckContext) {
    this.ctx = ctx;
    this.jar = new CookieJar(ctx.host);
  }

  async request(method: string, path: string, options: RequestOptions): Promise<Reply> {
    const { ctx } = this;
    const url = `${ctx.transport.baseUrl}${path}`;
    const requestPath = new URL(url).pathname;
    const headers: [string, string][] = [];
    const site = options.site ?? (method === 'GET' || method === 'HEAD' ? 'none' : 'same-origin');
    if (site === 'same-origin') headers.push(['origin', ctx.origin], ['sec-fetch-site', 'same-origin']);
    if (site === 'cross-site') headers.push(['origin', EVIL_ORIGIN], ['sec-fetch-site', 'cross-site']);
    let body: string | undefined;
    if (options.form !== undefined) {
      headers.push(['content-type', 'application/x-www-form-urlencoded']);
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers.push(['content-type', 'application/json']);
      body = JSON.stringify(options.json);
    }
    if (options.bearer !== undefined) headers.push(['authorization', `Bearer ${options.bearer}`]);
    const cookie = options.cookie ?? this.jar.header(requestPath);
    if (cookie !== '') headers.push(['cookie', cookie]);

    const entry: TraceEntry = {
      label: options.label,
      request: {
        method,
        url,
        headers: Object.fromEntries(headers.map(([name, value]) => [name, clip(value)])),
      },
    };
    if (body !== undefined) entry.request.body = clip(body);
    ctx.trace.push(entry);
    ctx.inflight = `${options.label} (${method} ${path})`;

    let response: Response;
    try {
      const outgoing = body === undefined ? { method, url, headers } : { method, url, headers, body };
      response = await ctx.transport.send(outgoing, ctx.signal);
    } catch (error) {
      entry.error = errorText(error);
      throw error;
    }
    const text = await response.text();
    ctx.inflight = undefined;
    const lines = getSetCookies(response.headers);
    const setCookies = lines.map(parseSetCookie).filter((c): c is SetCookie => c !== null);
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') responseHeaders[name] = clip(value);
    });
    entry.response = {
      status: response.status,
      headers: responseHeaders,
      setCookie: lines.map((line) => clip(line)),
      body: clip(text, BODY_EXCERPT),
    };
    if (options.updateJar !== false) this.jar.apply(setCookies, requestPath);
    return {
      label: options.label,
      method,
      path,
      status: response.status,
      headers: response.headers,
      setCookies,
      text,
      json: parseJson(text),
      location: response.headers.get('location') ?? undefined,
    };
  }

  get(path: string, options: RequestOptions): Promise<Reply> {
    return this.request('GET', path, options);
  }

  post(path: string, options: RequestOptions): Promise<Reply> {
    return this.request('POST', path, options);
  }

  /** The session cookie this browser currently sends to `/`, if any. */
  get session(): string | undefined {
    return this.jar.get(this.ctx.config.sessionCookie);
  }

  get remember(): string | undefined {
    return this.jar.get(this.ctx.config.rememberCookie);
  }
}

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

// ---------------------------------------------------------------------------------------------
// Describing replies in plain words

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** "401", "303 redirect to /login", "500 (a server error)" … */
export function describe(reply: Reply): string {
  const { status } = reply;
  if (isRedirect(status)) return `${status} redirect to ${reply.location ?? '(no Location header)'}`;
  if (status >= 500) return `${status} (a server error${errorHint(reply)})`;
  if (status === 404) return '404 (no such route)';
  if (status === 405) return '405 (method not allowed)';
  if (status === 403) return '403 (forbidden)';
  if (status === 200 && userOf(reply) !== undefined) return `200 with ${userName(reply)}'s data`;
  return String(status);
}

function errorHint(reply: Reply): string {
  const text = reply.text.trim();
  return text === '' || text.length > 80 ? '' : `: "${text}"`;
}

/** The `user` object of a `/me` answer, if the body has one. */
export function userOf(reply: Reply): Record<string, unknown> | undefined {
  const json = reply.json;
  if (typeof json !== 'object' || json === null) return undefined;
  const user = (json as Record<string, unknown>).user;
  return typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : undefined;
}

function userName(reply: Reply): string {
  const user = userOf(reply);
  const name = user?.username ?? user?.name ?? user?.id;
  return typeof name === 'string' ? name : 'the user';
}

export type AuthState = 'authenticated' | 'denied' | 'unexpected';

/**
 * docs/security-reference.md §4.1: denied = 401 (or 403) or a redirect to /login; authenticated =
 * 200 with a user. A surface other than the sandbox's says what "with a user" looks like (its
 * `me.proof`) and where its login page is.
 */
export function authState(
  reply: Reply,
  base: string,
  surface: CheckSurface = SANDBOX_SURFACE,
  username = '',
): AuthState {
  const { proof } = surface.me;
  if (reply.status === 200) {
    if (proof === 'status-200') return 'authenticated';
    if (proof === 'username-in-body')
      return username !== '' && reply.text.includes(username) ? 'authenticated' : 'denied';
    return userOf(reply) !== undefined ? 'authenticated' : 'unexpected';
  }
  if (reply.status === 401 || reply.status === 403) return 'denied';
  if (isRedirect(reply.status) && reply.location !== undefined) {
    try {
      const target = new URL(reply.location, base);
      const loginPage = new URL(surface.loginPage, base).pathname;
      if (
        target.origin === new URL(base).origin &&
        (/\/login\/?$/.test(target.pathname) || target.pathname === loginPage)
      )
        return 'denied';
    } catch {
      return 'unexpected';
    }
  }
  return 'unexpected';
}

/** What an authenticated answer of the surface's `me` page looks like, for messages. */
export function authenticatedText(ctx: CheckContext): string {
  const { proof } = ctx.surface.me;
  if (proof === 'status-200') return '200';
  if (proof === 'username-in-body') return `200 with a page that shows ${ctx.user}`;
  return '200 with the user as JSON ({ "user": { … } })';
}

/** `sid=abc123…` for messages. */
export function cookieText(name: string, value: string | undefined): string {
  return value === undefined ? `no ${name} cookie` : `${name}=${preview(value)}`;
}

// ---------------------------------------------------------------------------------------------
// Flows shared by the checks

export interface LoginOptions {
  remember?: boolean;
  label?: string;
  /** Cookie header to send instead of the jar's. */
  cookie?: string;
  /**
   * What the check needed the login for, ending "so this check could not <purpose>" when login
   * breaks. Default: "test logout" (with the logout-flavoured why); the authentication checks say
   * what they were doing instead.
   */
  purpose?: { could: string; why: string };
}

export interface Login {
  reply: Reply;
  /** The session cookie the login response set. */
  session: SetCookie;
  /** The remember-me cookie, when one was set. */
  remember: SetCookie | undefined;
}

/**
 * The hidden CSRF field of a form, read the way a browser gets it: load the form's page (following
 * a same-origin redirect, as an anonymous visitor sent from a protected page to the login page is),
 * with the cookies the post will carry, and keep what that page sets. Returns the field (none when
 * the page has no token: the post goes without, and the check sees the answer) and, when the post
 * sends an explicit `cookie`, that header updated with the page's Set-Cookie lines.
 */
export async function csrfToken(
  browser: Browser,
  csrf: FormCsrf,
  what: string,
  postPath: string,
  cookie: string | undefined,
): Promise<{ fields: Record<string, string>; cookie: string | undefined }> {
  const { ctx } = browser;
  const read = ctx.surface.readField;
  if (read === undefined) throw new TypeError('CheckConfig.surface.readField is needed for a form with csrf');
  // An explicit Cookie header stands for another browser's jar: seed a jar with it.
  const jar = cookie === undefined ? browser.jar : new CookieJar(ctx.host);
  if (cookie !== undefined) for (const [name, value] of cookiePairs(cookie)) jar.set(name, value);
  const pathname = (path: string) => new URL(`${ctx.transport.baseUrl}${path}`).pathname;
  let path = csrf.page;
  let token: string | undefined;
  for (let hop = 0; hop < 3 && token === undefined; hop++) {
    const page = await browser.get(path, {
      label: `load ${path} for the ${what} form’s CSRF token`,
      cookie: jar.header(pathname(path)),
      updateJar: false,
    });
    jar.apply(page.setCookies, pathname(path));
    token = page.status === 200 ? read(page.text, csrf.field) : undefined;
    const next = isRedirect(page.status) ? sameOriginPath(ctx, page) : undefined;
    if (next === undefined) break;
    path = next;
  }
  return {
    fields: token === undefined ? {} : { [csrf.field]: token },
    cookie: cookie === undefined ? undefined : jar.header(pathname(postPath)),
  };
}

/** `a=1; b=2` → [["a", "1"], ["b", "2"]]. */
function cookiePairs(header: string): [string, string][] {
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]);
}

/** The path (relative to the base URL) a same-origin redirect leads to, or undefined. */
function sameOriginPath(ctx: CheckContext, reply: Reply): string | undefined {
  if (reply.location === undefined) return undefined;
  let target: URL;
  try {
    target = new URL(reply.location, `${ctx.transport.baseUrl}${reply.path}`);
  } catch {
    return undefined;
  }
  if (target.origin !== ctx.origin) return undefined;
  const base = new URL(ctx.transport.baseUrl).pathname.replace(/\/$/, '');
  return `${target.pathname.slice(base.length) || '/'}${target.search}`;
}

/**
 * Posts the login form with these credentials (and the remember-me field when asked), fetching
 * its CSRF token first when it has one. No judgement: AU-01/AU-02 send wrong passwords with it.
 */
export async function submitLogin(
  browser: Browser,
  options: { username: string; password: string; remember?: boolean; label: string; cookie?: string },
): Promise<Reply> {
  const { login: form } = browser.ctx.surface;
  const fields: Record<string, string> = {
    [form.username]: options.username,
    [form.password]: options.password,
  };
  if (options.remember === true) {
    if (form.remember === undefined)
      throw new CheckFailure('The login form has no remember-me field, so this check cannot log in with it.');
    fields[form.remember.name] = form.remember.value;
  }
  Object.assign(fields, form.extra);
  let cookie = options.cookie;
  if (form.csrf !== undefined) {
    const token = await csrfToken(browser, form.csrf, 'login', form.path, cookie);
    Object.assign(fields, token.fields);
    cookie = token.cookie;
  }
  const requestOptions: RequestOptions = { label: options.label, form: fields };
  if (cookie !== undefined) requestOptions.cookie = cookie;
  return await browser.post(form.path, requestOptions);
}

/** Logs in through `POST /login`; fails the check when that does not produce a session cookie. */
export async function login(browser: Browser, options: LoginOptions = {}): Promise<Login> {
  const { config } = browser.ctx;
  const submit: Parameters<typeof submitLogin>[1] = {
    username: config.user.username,
    password: config.user.password,
    label: options.label ?? `log in as ${config.user.username}`,
  };
  if (options.remember === true) submit.remember = true;
  if (options.cookie !== undefined) submit.cookie = options.cookie;
  const reply = await submitLogin(browser, submit);
  const session = lastSet(reply, config.sessionCookie);
  const sent = `POST /login as ${config.user.username} with the right password${options.remember === true ? ' and remember=1' : ''}.`;
  if (reply.status >= 400 || session === undefined) {
    const { ctx } = browser;
    const could =
      options.purpose?.could ?? (ctx.check === undefined ? 'test logout' : `run (${ctx.check.title})`);
    const statusOk = reply.status < 400;
    const owner = ctx.owner('POST /login');
    // Only the part that was wrong: a 303 is a fine answer, it is the missing cookie that is not.
    const summary = statusOk
      ? `Logging in answered ${describe(reply)} but set no ${config.sessionCookie} cookie, so nobody was signed in and this check could not ${could}.`
      : `Logging in did not work, so this check could not ${could}.`;
    const expected = statusOk
      ? `a Set-Cookie for ${config.sessionCookie} on the login response (the ${reply.status} itself is fine): that cookie is what signs the browser in.`
      : `200 or a 303 redirect, with a Set-Cookie for ${config.sessionCookie}.`;
    const why =
      options.purpose?.why ??
      (owner === 'learner'
        ? `this check starts from a signed-in session, and in this lab POST /login is yours to write: store the user in the session (a session that changes sends its cookie). Every check that logs in stops here until it does.`
        : owner === 'server'
          ? 'this check starts from a signed-in session. POST /login is part of the server in this lab, not of your exercise, so this points at a broken server setup.'
          : 'every logout check starts from a logged-in session; fix login first (lesson 2).');
    if (owner === 'learner')
      ctx.hint = {
        concept: 'Sign the user in: a new session id, then the user in the session',
        lesson: '02-authentication-basics',
      };
    throw new CheckFailure(
      explain({
        summary,
        sent,
        got: `${describe(reply)}${session === undefined ? `, with no Set-Cookie for ${config.sessionCookie}` : ''}.`,
        expected,
        why,
      }),
    );
  }
  const remember = lastSet(reply, config.rememberCookie);
  return { reply, session, remember };
}

/** Logs in and confirms with `GET /me` that the new session really authenticates. */
export async function loginConfirmed(browser: Browser, options: LoginOptions = {}): Promise<Login> {
  const result = await login(browser, options);
  const check = await me(browser, { label: 'confirm the new session works' });
  if (check.state !== 'authenticated') {
    const { ctx } = browser;
    const mine = [
      ctx.owner('POST /login') === 'learner' ? 'POST /login' : '',
      ctx.owner('GET /me') === 'learner' ? 'GET /me' : '',
    ].filter(Boolean);
    // In a lab, say which of the learner's two halves can be at fault.
    const yours =
      mine.length === 0
        ? ''
        : ` In this lab ${mine.join(' and ')} ${mine.length === 1 ? 'is' : 'are'} yours: ${mine.includes('POST /login') ? 'POST /login must store the user in the session (userId)' : ''}${mine.length === 2 ? ', and ' : ''}${mine.includes('GET /me') ? 'GET /me must read the user from the session and answer 200 with { "user": … }' : ''}.`;
    if (mine.includes('GET /me'))
      ctx.hint = {
        concept: 'Read the user from the session in GET /me',
        lesson: '01-understanding-sessions',
      };
    else if (mine.includes('POST /login'))
      ctx.hint = {
        concept: 'Sign the user in: a new session id, then the user in the session',
        lesson: '02-authentication-basics',
      };
    throw new CheckFailure(
      explain({
        summary: `Right after logging in, GET /me did not recognise the session, so ${options.purpose === undefined ? 'there was nothing to log out' : `this check could not ${options.purpose.could}`}.`,
        sent: `GET /me with the cookie from login (${cookieText(browser.ctx.config.sessionCookie, browser.session)}).`,
        got: `${describe(check.reply)}.`,
        expected: `${authenticatedText(ctx)}.`,
        why: `${options.purpose?.why ?? 'logout checks compare "before" and "after"; the "before" has to be logged in.'}${yours}`,
      }),
    );
  }
  return result;
}

/** The last `Set-Cookie` for `name` in a reply. */
export function lastSet(reply: Reply, name: string): SetCookie | undefined {
  return reply.setCookies.filter((c) => c.name === name).at(-1);
}

export interface MeOptions {
  label: string;
  /** Exact Cookie header; default: the jar. */
  cookie?: string;
  /** Path of the protected resource (default `/me`). */
  path?: string;
}

export async function me(browser: Browser, options: MeOptions): Promise<{ reply: Reply; state: AuthState }> {
  const requestOptions: RequestOptions = { label: options.label, updateJar: options.cookie === undefined };
  if (options.cookie !== undefined) requestOptions.cookie = options.cookie;
  const { ctx } = browser;
  const reply = await browser.get(options.path ?? ctx.surface.me.path, requestOptions);
  return { reply, state: authState(reply, ctx.transport.baseUrl, ctx.surface, ctx.user) };
}

export interface LogoutOptions {
  label?: string;
  /** Query string including `?`. */
  query?: string;
  cookie?: string;
  site?: RequestOptions['site'];
  /** Path (default `/logout`). */
  path?: string;
  form?: Record<string, string>;
}

/**
 * A legitimate logout: a same-origin form POST, as the dashboard's logout button sends it (with
 * the form's CSRF token, fetched fresh, when the surface's logout has one), or the app's own
 * logout link when that is all it offers. An explicit `path` (LO-18's `/logout-all`) is a POST.
 */
export async function logout(browser: Browser, options: LogoutOptions = {}): Promise<Reply> {
  const route = browser.ctx.surface.logout;
  const path = options.path ?? route.path;
  if (options.path === undefined && route.method === 'GET') {
    const linkOptions: RequestOptions = { label: options.label ?? 'log out (the app’s own logout link)' };
    if (options.cookie !== undefined) linkOptions.cookie = options.cookie;
    return await browser.get(`${path}${options.query ?? ''}`, linkOptions);
  }
  const form = { ...(options.form ?? {}) };
  let cookie = options.cookie;
  if (options.path === undefined && route.csrf !== undefined) {
    const token = await csrfToken(browser, route.csrf, 'logout', path, cookie);
    Object.assign(form, token.fields);
    cookie = token.cookie;
  }
  const requestOptions: RequestOptions = {
    label: options.label ?? 'log out (same-origin form POST)',
    site: options.site ?? 'same-origin',
    form,
  };
  if (cookie !== undefined) requestOptions.cookie = cookie;
  return await browser.post(`${path}${options.query ?? ''}`, requestOptions);
}

/** Follows one same-origin redirect with a GET, as a browser does after a 303. */
export async function follow(browser: Browser, reply: Reply): Promise<Reply | undefined> {
  if (!isRedirect(reply.status) || reply.location === undefined) return undefined;
  let target: URL;
  try {
    target = new URL(reply.location, `${browser.ctx.transport.baseUrl}${reply.path}`);
  } catch {
    return undefined;
  }
  if (target.origin !== browser.ctx.origin) return undefined;
  const base = new URL(browser.ctx.transport.baseUrl).pathname.replace(/\/$/, '');
  const path = `${target.pathname.slice(base.length) || '/'}${target.search}`;
  return await browser.get(path, { label: `follow the redirect to ${target.pathname}` });
}

/** "Set-Cookie: a; b" lines for messages, or "no Set-Cookie". */
export function setCookieText(reply: Reply, name?: string): string {
  const lines = reply.setCookies
    .filter((c) => name === undefined || c.name === name)
    .map((c) => `Set-Cookie: ${clip(c.raw)}`);
  return lines.length === 0 ? `no Set-Cookie${name === undefined ? '' : ` for ${name}`}` : lines.join(' / ');
}
