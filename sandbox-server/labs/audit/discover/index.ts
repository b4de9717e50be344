/**
 * Discovery: what a conventional server-rendered app looks like from outside, found the way a
 * person would find it (load the site, follow the "Log in" link, sign in, look for "Log out"),
 * written as an audit profile. It never guesses passwords: it logs in with the one it is given.
 */
import { isPersistent, type SetCookie } from '../../../checks/cookies';
import { CheckContext, isRedirect, type Browser, type Reply } from '../../../checks/harness';
import { resolveConfig } from '../../../checks/runner';
import type { Transport } from '../../../checks/types';
import { parsePage, readField } from '../html';
import { PROFILE_FORMAT, type AuditProfile } from '../profile';
import { findLoginForm, findLogout, type FoundLoginForm } from './forms';

export class DiscoveryError extends Error {
  override name = 'DiscoveryError';
}

/** Where discovery looks for a login form after the start page and its "Log in" link. */
export const LOGIN_PATHS = ['/login', '/signin', '/accounts/login/', '/users/sign_in', '/auth/login'];

const PROFILE_FIELDS =
  'login.page, login.action, login.fields.username, login.fields.password, proof.page, logout.action, logout.method and cookies.session';

export interface Discovery {
  profile: AuditProfile;
  /** What was found, one line each, for the person running the audit. */
  found: string[];
}

/** The path (and query) of a same-origin URL relative to the base, or undefined for another origin. */
export function relativePath(base: string, from: string, href: string | undefined): string | undefined {
  let target: URL;
  try {
    target = new URL(href ?? from, `${base}${from}`);
  } catch {
    return undefined;
  }
  const root = new URL(base);
  if (target.origin !== root.origin) return undefined;
  const prefix = root.pathname.replace(/\/$/, '');
  if (!target.pathname.startsWith(prefix)) return undefined;
  return `${target.pathname.slice(prefix.length) || '/'}${target.search}`;
}

/** GET a page, following up to 3 same-origin redirects; returns the last answer and its path. */
async function load(browser: Browser, path: string, label: string): Promise<{ reply: Reply; path: string }> {
  const base = browser.ctx.transport.baseUrl;
  let current = path;
  let reply = await browser.get(current, { label });
  for (let hop = 0; hop < 3 && isRedirect(reply.status); hop++) {
    const next = relativePath(base, current, reply.location);
    if (next === undefined) break;
    current = next;
    reply = await browser.get(current, { label: `follow the redirect to ${current}` });
  }
  return { reply, path: current };
}

async function findLoginPage(
  browser: Browser,
  start: string,
): Promise<{ path: string; form: FoundLoginForm; html: string }> {
  const tried: string[] = [];
  const look = async (path: string) => {
    const { reply, path: at } = await load(browser, path, `discovery: look for a login form at ${path}`);
    tried.push(at === path ? path : `${path} (→ ${at})`);
    const form = reply.status === 200 ? findLoginForm(reply.text) : undefined;
    return { reply, at, form };
  };
  // A login page reached from a protected page carries ?next=…: the page itself is the path.
  const page = (at: string) => at.replace(/\?.*$/, '');
  const first = await look(start);
  if (first.form !== undefined) return { path: page(first.at), form: first.form, html: first.reply.text };
  const link = parsePage(first.reply.text).links.find((l) => /log ?in|sign ?in/i.test(`${l.text} ${l.href}`));
  const base = browser.ctx.transport.baseUrl;
  const linked = link === undefined ? undefined : relativePath(base, first.at, link.href);
  for (const path of [...(linked === undefined ? [] : [linked]), ...LOGIN_PATHS]) {
    if (tried.some((t) => t.startsWith(path))) continue;
    const next = await look(path);
    if (next.form !== undefined) return { path: page(next.at), form: next.form, html: next.reply.text };
  }
  throw new DiscoveryError(
    `No login form found: none of ${tried.join(', ')} has a <form> with one password input. An app that logs in with JavaScript (a single-page app) or through a JSON API cannot be discovered; write a profile instead, filling ${PROFILE_FIELDS} (start from the example in sandbox-server/labs/audit/README.md), and pass it with --profile FILE.`,
  );
}

/** Cookies a login response set that are not deletions. */
const setBy = (reply: Reply): SetCookie[] => reply.setCookies.filter((c) => c.value !== '' && c.maxAge !== 0);

/** A CSRF cookie (Django's csrftoken, Express's _csrf, XSRF-TOKEN): neither a session nor a remember cookie. */
const isCsrfCookie = (cookie: SetCookie): boolean => /csrf|xsrf/i.test(cookie.name);

/** The session cookie among those set at login: HttpOnly, not a CSRF cookie, session-like names first. */
function sessionCookie(candidates: readonly SetCookie[]): SetCookie | undefined {
  const usable = candidates.filter((c) => !isCsrfCookie(c));
  const httpOnly = usable.filter((c) => c.httpOnly);
  const pool = httpOnly.length > 0 ? httpOnly : usable;
  return (
    pool.find((c) => /sess|sid/i.test(c.name) && !isPersistent(c)) ??
    pool.find((c) => !isPersistent(c)) ??
    pool[0]
  );
}

/** A signed-data cookie (Flask's itsdangerous JSON, a JWT) rather than a random ID: a guess from its shape. */
export function guessStore(value: string): 'cookie' | 'server' {
  return /^\.?eyJ|^\.eJ/.test(value) || value.split('.').length === 3 ? 'cookie' : 'server';
}

export async function discover(
  transport: Transport,
  options: { username: string; password: string; start?: string },
): Promise<Discovery> {
  const config = resolveConfig(transport, {
    user: { username: options.username, password: options.password },
  });
  const ctx = new CheckContext(config, transport, new AbortController().signal);
  const base = transport.baseUrl;
  const found: string[] = [];

  const visitor = ctx.browser();
  const page = await findLoginPage(visitor, options.start ?? '/');
  const { form } = page;
  const action = relativePath(base, page.path, form.action);
  if (action === undefined)
    throw new DiscoveryError(
      `The login form on ${page.path} posts to another site (${form.action ?? ''}); the audit only talks to ${base}. Write a profile (login.action) and pass --profile FILE.`,
    );
  found.push(
    `Login form on ${page.path}: ${form.method} ${action}, fields ${form.username} and ${form.password}${form.remember ? `, remember-me box ${form.remember.name}=${form.remember.value}` : ', no remember-me box'}${form.csrf ? `, CSRF field ${form.csrf}` : ', no CSRF field'}.`,
  );

  const signIn = async (remember: boolean) => {
    const browser = ctx.browser();
    const pageReply = await browser.get(page.path, { label: 'discovery: load the login form' });
    const fields: Record<string, string> = {
      [form.username]: options.username,
      [form.password]: options.password,
    };
    if (remember && form.remember) fields[form.remember.name] = form.remember.value;
    Object.assign(fields, form.extra);
    if (form.csrf !== undefined) {
      const token = readField(pageReply.text, form.csrf);
      if (token !== undefined) fields[form.csrf] = token;
    }
    const before = new Set(pageReply.setCookies.map((c) => c.name));
    const reply = await browser.request(form.method, action, { label: 'discovery: log in', form: fields });
    return { browser, reply, before, pageReply };
  };

  const plain = await signIn(false);
  if (plain.reply.status >= 400)
    throw new DiscoveryError(
      `Logging in as ${options.username} failed: ${form.method} ${action} answered ${plain.reply.status}. Check --user and the password in the environment variable given with --password-env.`,
    );
  // Where login sends the browser is the page that proves it.
  const proofStart = isRedirect(plain.reply.status)
    ? relativePath(base, action, plain.reply.location)
    : page.path;
  const proof = await load(plain.browser, proofStart ?? '/', 'discovery: open the page login leads to');
  if (proof.reply.status !== 200 || proof.path === page.path)
    throw new DiscoveryError(
      `Logging in as ${options.username} did not lead to a logged-in page: ${form.method} ${action} answered ${plain.reply.status}${plain.reply.location ? ` to ${plain.reply.location}` : ''}, and ${proof.path} answered ${proof.reply.status}. Check --user and the password, or write proof.page in a profile.`,
    );
  const anonymous = await ctx
    .browser()
    .get(proof.path, { label: 'discovery: the same page without logging in' });
  const withName = proof.reply.text.includes(options.username);
  const kind =
    withName && !(anonymous.status === 200 && anonymous.text.includes(options.username))
      ? 'username-in-body'
      : anonymous.status !== 200
        ? 'status-200'
        : undefined;
  if (kind === undefined)
    throw new DiscoveryError(
      `${proof.path} looks the same logged in and logged out (200 both times, without a difference the audit can rely on), so it cannot prove a login. Write proof.page (a page only a logged-in user sees) in a profile and pass --profile FILE.`,
    );
  found.push(
    `Logged-in page: ${proof.path} (${kind === 'username-in-body' ? `200 showing ${options.username}; anonymous visitors get ${anonymous.status}` : `200 logged in, ${anonymous.status} anonymous`}).`,
  );

  const session = sessionCookie(setBy(plain.reply)) ?? sessionCookie(setBy(plain.pageReply));
  if (session === undefined)
    throw new DiscoveryError(
      `Logging in set no cookie the audit could take for the session cookie (login answered ${plain.reply.status}). Write cookies.session in a profile and pass --profile FILE.`,
    );
  const store = guessStore(session.value);
  found.push(
    `Session cookie: ${session.name} (${store === 'cookie' ? 'its value looks like signed data: a cookie session, guessed' : 'its value looks like a random ID: records on the server, guessed'}).`,
  );

  const logout = findLogout(proof.reply.text);
  const logoutAction =
    logout === undefined ? undefined : relativePath(base, proof.path, logout.action || proof.path);
  if (logout === undefined || logoutAction === undefined)
    throw new DiscoveryError(
      `No logout form or link found on ${proof.path}. Write logout.page, logout.action and logout.method in a profile and pass --profile FILE.`,
    );
  found.push(
    `Logout: a ${logout.kind} on ${proof.path}, ${logout.method} ${logoutAction}${logout.csrf ? ` with CSRF field ${logout.csrf}` : ''}.`,
  );

  let remember: string | null = null;
  if (form.remember !== undefined) {
    const ticked = await signIn(true);
    const plainNames = new Set(setBy(plain.reply).map((c) => c.name));
    const cookie = setBy(ticked.reply).find(
      (c) => !plainNames.has(c.name) && !isCsrfCookie(c) && c.name !== session.name && isPersistent(c),
    );
    remember = cookie?.name ?? null;
    found.push(
      cookie === undefined
        ? 'Remember-me: the box sets no extra persistent cookie.'
        : `Remember-me cookie: ${cookie.name}.`,
    );
  }

  const profile: AuditProfile = {
    format: PROFILE_FORMAT,
    login: {
      page: page.path,
      action,
      fields: { username: form.username, password: form.password, remember: form.remember ?? null },
      extra: form.extra,
      csrf: form.csrf === undefined ? null : { field: form.csrf },
    },
    proof: { page: proof.path, kind },
    logout: {
      page: proof.path,
      action: logoutAction,
      method: logout.method,
      csrf: logout.csrf === undefined ? null : { field: logout.csrf },
    },
    cookies: { session: session.name, remember },
    store,
    headers: {},
  };
  return { profile, found };
}
