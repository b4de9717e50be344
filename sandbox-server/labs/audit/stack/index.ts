/**
 * A guess at the app's stack from what its responses show: cookie names, the shape of their
 * values, and the Server / X-Powered-By headers. It is only ever a guess (any app can name a
 * cookie `session`), so reports say so, and a fix is shown only for a stack recognised here.
 */
import { inflateSync } from 'node:zlib';

/** Stacks the fix table knows; the more specific ones (a library on a framework) come after their framework. */
export const STACKS = ['flask', 'flask-login', 'express', 'express-session', 'hono', 'django'] as const;
export type StackId = (typeof STACKS)[number];

export const STACK_NAMES: Record<StackId, string> = {
  flask: 'Flask',
  'flask-login': 'Flask-Login',
  express: 'Express',
  'express-session': 'express-session',
  hono: 'Hono (the Logout Lab sandbox)',
  django: 'Django',
};

export interface StackGuess {
  /** "Flask + Flask-Login", or null when nothing was recognised. */
  guess: string | null;
  /** Why, one line per clue, without cookie values. */
  evidence: string[];
}

export interface StackDetection extends StackGuess {
  stacks: StackId[];
}

/** What the audit saw in the app's responses. */
export interface Observed {
  /** Set-Cookie: name and value of every cookie set (deletions included: their names count too). */
  cookies: { name: string; value: string }[];
  /** Values of the Server and X-Powered-By headers seen. */
  server: string[];
  poweredBy: string[];
}

/** Collects cookies and headers from every response the audit gets. */
export function observer(): { observed: Observed; observe: (response: Response) => void } {
  const observed: Observed = { cookies: [], server: [], poweredBy: [] };
  const seen = new Set<string>();
  const observe = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const cookie = { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
      const key = `${cookie.name}=${cookie.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      observed.cookies.push(cookie);
    }
    const server = response.headers.get('server');
    if (server !== null && !observed.server.includes(server)) observed.server.push(server);
    const powered = response.headers.get('x-powered-by');
    if (powered !== null && !observed.poweredBy.includes(powered)) observed.poweredBy.push(powered);
  };
  return { observed, observe };
}

const B64 = '[A-Za-z0-9_-]';
/** itsdangerous' URLSafeTimedSerializer: payload (`.` + zlib when compressed), base64 timestamp, signature. */
const ITSDANGEROUS = new RegExp(`^(\\.?)(e${B64}+)\\.(${B64}{4,8})\\.(${B64}{20,})$`);
/** The sandbox's cookie store: base64url JSON, the issue time in decimal seconds, an HMAC. */
const SANDBOX_SIGNED = new RegExp(`^eyJ${B64}*\\.\\d{9,11}\\.${B64}{20,}$`);

/** The JSON keys in a Flask session cookie, or undefined when it cannot be read. */
function flaskKeys(value: string): string[] | undefined {
  const match = ITSDANGEROUS.exec(value);
  if (match === null) return undefined;
  try {
    const bytes = Buffer.from(match[2] ?? '', 'base64url');
    const json = match[1] === '.' ? inflateSync(bytes).toString('utf8') : bytes.toString('utf8');
    const data: unknown = JSON.parse(json);
    return typeof data === 'object' && data !== null ? Object.keys(data) : undefined;
  } catch {
    return undefined;
  }
}

/** The guess and its clues. Deterministic: the same responses give the same guess. */
export function detectStack(observed: Observed): StackDetection {
  const found = new Set<StackId>();
  const evidence: string[] = [];
  const clue = (stack: StackId, why: string) => {
    found.add(stack);
    if (!evidence.includes(why)) evidence.push(why);
  };
  const named = (name: string) => observed.cookies.filter((c) => c.name === name);
  const live = (name: string) => named(name).filter((c) => c.value !== '');

  for (const cookie of live('session')) {
    if (SANDBOX_SIGNED.test(cookie.value)) continue;
    const keys = flaskKeys(cookie.value);
    if (keys === undefined) continue;
    clue(
      'flask',
      'cookie "session" holds itsdangerous signed data (eyJ… or .eJ…, with a dot-separated signature): Flask’s default session',
    );
    if (keys.includes('_user_id'))
      clue('flask-login', 'the Flask session holds "_user_id": Flask-Login’s key');
  }
  if (named('remember_token').length > 0)
    clue('flask-login', 'cookie "remember_token": Flask-Login’s remember-me cookie');
  for (const server of observed.server)
    if (/^werkzeug\//i.test(server))
      clue('flask', `Server: ${server.split(' ')[0] ?? server} (Flask’s development server)`);
  if (found.has('flask-login')) found.add('flask');

  if (live('connect.sid').some((c) => /^s(%3A|:)/.test(c.value)))
    clue('express-session', 'cookie "connect.sid" with a signed "s%3A…" value: express-session');
  if (observed.poweredBy.some((p) => /^express$/i.test(p))) clue('express', 'X-Powered-By: Express');
  if (found.has('express-session')) found.add('express');

  const sandboxSession =
    live('sid').some((c) => new RegExp(`^${B64}{22}$`).test(c.value)) ||
    live('__Host-sid').some((c) => new RegExp(`^${B64}{22}$`).test(c.value)) ||
    [...live('session'), ...live('__Host-session')].some((c) => SANDBOX_SIGNED.test(c.value));
  const sandboxRemember = named('remember').length > 0 || named('__Host-remember').length > 0;
  if (sandboxSession)
    clue(
      'hono',
      'a session cookie shaped like the Logout Lab sandbox’s (sid: 22 base64url characters, or session: base64url JSON.seconds.HMAC)',
    );
  if (sandboxSession && sandboxRemember) clue('hono', 'cookie "remember": the sandbox’s remember-me cookie');

  if (named('sessionid').length > 0 && named('csrftoken').length > 0)
    clue('django', 'cookies "sessionid" and "csrftoken": Django’s default names');

  const stacks = STACKS.filter((s) => found.has(s));
  return {
    guess: stacks.length === 0 ? null : stacks.map((s) => STACK_NAMES[s]).join(' + '),
    evidence,
    stacks,
  };
}

/** The line every report shows. */
export function stackLine(stack: StackGuess): string {
  return `Stack (a guess from cookie names): ${stack.guess ?? 'not recognised, so no stack-specific fixes'}`;
}
