/**
 * Session middleware with a Flask-like API on `c.get('session')`, over two stores:
 *
 * - `CookieSessionStore`: Flask's default. The whole session lives in the cookie as
 *   base64url(JSON) + issue time + HMAC-SHA256. Readable by anyone, tamper-proof, and
 *   REPLAYABLE: there is no server record, so a copied cookie stays valid until it is too old.
 * - `ServerSessionStore`: the cookie holds only a random 128-bit id; the data lives on the server.
 *   Strict: an id the server did not issue is never adopted. Deleting the record kills every copy.
 *
 * Cookie writing rules (one place, so every lab sees the same behaviour):
 * - a Set-Cookie is sent only when the session changed (then always, like Flask and Flask-Session);
 * - an empty, changed session deletes its cookie (and its server record), like Flask;
 * - `destroy()` ends the session on the server and leaves the browser cookie alone,
 *   like PHP's session_destroy(): deleting the cookie is the caller's job (lab 5 is about that).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { base64UrlDecode, base64UrlEncode, hmacSigner, randomToken, utf8 } from '../crypto';

export type SessionData = Record<string, string>;
export type StoreKind = 'cookie' | 'server';

/** The key under which the login manager keeps the signed-in user's id. */
export const USER_KEY = 'userId';

export interface Session {
  /** Server store: the current session id (undefined until the session is first saved). Cookie store: always undefined. */
  readonly id: string | undefined;
  /** Which store backs this session. */
  readonly store: StoreKind;
  /** The value stored under `key`, or undefined (Flask's `session.get(key)`). */
  get(key: string): string | undefined;
  /** Store `value` under `key`. The response then carries the changed session's cookie. */
  set(key: string, value: string): void;
  /** Remove one key and return its old value (Flask's `session.pop(key, None)`). */
  pop(key: string): string | undefined;
  /** Whether the session holds `key`. */
  has(key: string): boolean;
  /** The keys the session holds now. */
  keys(): string[];
  /** Remove every key. An empty session deletes its cookie at the end of the request. */
  clear(): void;
  /** Server store: move the data to a fresh random id and delete the old record now. Cookie store: re-sign. */
  regenerate(): void;
  /** End the session now: delete the server record and forget the data. The browser cookie is left to you. */
  destroy(): void;
}

const COOKIE_ATTRIBUTES = { path: '/', httpOnly: true, sameSite: 'Lax' } as const;

// ---------------------------------------------------------------------------------------------
// Stores

export interface CookieSessionStoreOptions {
  secret: string;
  /** Oldest signature accepted, in seconds. Flask's PERMANENT_SESSION_LIFETIME default is 31 days. */
  maxAgeSeconds?: number;
  now?: () => number;
}

/** Signed, readable, replayable client-side sessions (Flask's SecureCookieSessionInterface). */
export class CookieSessionStore {
  readonly kind = 'cookie' as const;
  readonly #signer;
  readonly #maxAge: number;
  readonly #now: () => number;

  constructor(options: CookieSessionStoreOptions) {
    if (typeof options.secret !== 'string' || options.secret.length < 16) {
      throw new TypeError('CookieSessionStore: secret must be a string of at least 16 characters');
    }
    this.#signer = hmacSigner(`${options.secret}/cookie-session`);
    this.#maxAge = options.maxAgeSeconds ?? 31 * 24 * 3600;
    this.#now = options.now ?? Date.now;
  }

  /** `payload.issuedAt.signature`; the payload is plain base64url JSON, readable by anyone. */
  async encode(data: SessionData): Promise<string> {
    const payload = base64UrlEncode(utf8(JSON.stringify(data)));
    const signed = `${payload}.${Math.floor(this.#now() / 1000)}`;
    return `${signed}.${await this.#signer.sign(signed)}`;
  }

  /** The data, or null when the cookie is malformed, tampered with or older than maxAge. */
  async decode(value: string): Promise<SessionData | null> {
    if (value.length > 4096) return null;
    const parts = value.split('.');
    if (parts.length !== 3) return null;
    const [payload = '', issuedAt = '', signature = ''] = parts;
    if (!/^\d{1,12}$/.test(issuedAt)) return null;
    if (!(await this.#signer.verify(`${payload}.${issuedAt}`, signature))) return null;
    if (Math.floor(this.#now() / 1000) - Number(issuedAt) > this.#maxAge) return null;
    const bytes = base64UrlDecode(payload);
    if (!bytes) return null;
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
      return isSessionData(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
}

export interface ServerSessionStoreOptions {
  /** Idle timeout in seconds (OWASP: every session needs one, enforced on the server). Default 30 min. */
  idleSeconds?: number;
  /** Absolute lifetime in seconds. Default 8 h. */
  absoluteSeconds?: number;
  now?: () => number;
}

interface SessionRecord {
  data: SessionData;
  createdAt: number;
  lastSeen: number;
}

/** In-memory server-side sessions with a per-user index (userId → session ids) for "log out everywhere". */
export class ServerSessionStore {
  readonly kind = 'server' as const;
  readonly #records = new Map<string, SessionRecord>();
  readonly #byUser = new Map<string, Set<string>>();
  readonly #idle: number;
  readonly #absolute: number;
  readonly #now: () => number;

  constructor(options: ServerSessionStoreOptions = {}) {
    this.#idle = (options.idleSeconds ?? 30 * 60) * 1000;
    this.#absolute = (options.absoluteSeconds ?? 8 * 3600) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** A fresh 128-bit id from the CSPRNG (22 base64url characters). */
  newId(): string {
    return randomToken(16);
  }

  /** A copy of the data for a live id, or undefined for unknown, expired or malformed ids. Never creates a record. */
  get(id: string): SessionData | undefined {
    const record = this.#records.get(id);
    if (!record) return undefined;
    const now = this.#now();
    if (now - record.lastSeen > this.#idle || now - record.createdAt > this.#absolute) {
      this.delete(id);
      return undefined;
    }
    record.lastSeen = now;
    return { ...record.data };
  }

  save(id: string, data: SessionData): void {
    const existing = this.#records.get(id);
    if (existing) this.#unindex(id, existing.data);
    const now = this.#now();
    this.#records.set(id, { data: { ...data }, createdAt: existing?.createdAt ?? now, lastSeen: now });
    const userId = data[USER_KEY];
    if (userId !== undefined) {
      let ids = this.#byUser.get(userId);
      if (!ids) this.#byUser.set(userId, (ids = new Set()));
      ids.add(id);
    }
  }

  delete(id: string): boolean {
    const record = this.#records.get(id);
    if (!record) return false;
    this.#unindex(id, record.data);
    return this.#records.delete(id);
  }

  /** Ids of every live session signed in as `userId`. */
  idsOf(userId: string): string[] {
    return [...(this.#byUser.get(userId) ?? [])];
  }

  /** Delete every session of one user; returns how many were deleted. */
  deleteAllFor(userId: string): number {
    const ids = this.idsOf(userId);
    for (const id of ids) this.delete(id);
    return ids.length;
  }

  get size(): number {
    return this.#records.size;
  }

  #unindex(id: string, data: SessionData): void {
    const userId = data[USER_KEY];
    if (userId === undefined) return;
    const ids = this.#byUser.get(userId);
    ids?.delete(id);
    if (ids && ids.size === 0) this.#byUser.delete(userId);
  }
}

export type SessionStore = CookieSessionStore | ServerSessionStore;

function isSessionData(value: unknown): value is SessionData {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string');
}

// ---------------------------------------------------------------------------------------------
// The per-request session object

class RequestSession implements Session {
  #data: SessionData;
  #id: string | undefined;
  modified = false;
  destroyed = false;
  readonly #store: SessionStore;
  readonly #log: (line: string) => void;

  constructor(store: SessionStore, id: string | undefined, data: SessionData, log: (line: string) => void) {
    this.#store = store;
    this.#id = id;
    this.#data = data;
    this.#log = log;
  }

  get id() {
    return this.#id;
  }
  get store() {
    return this.#store.kind;
  }
  get data(): Readonly<SessionData> {
    return this.#data;
  }
  get(key: string) {
    return Object.hasOwn(this.#data, key) ? this.#data[key] : undefined;
  }
  set(key: string, value: string) {
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new TypeError(
        `session.set(key, value): key and value must be strings (got ${typeof key}, ${typeof value})`,
      );
    }
    this.#data[key] = value;
    this.modified = true;
  }
  pop(key: string) {
    const value = this.get(key);
    if (value !== undefined) {
      delete this.#data[key];
      this.modified = true;
    }
    return value;
  }
  has(key: string) {
    return this.get(key) !== undefined;
  }
  keys() {
    return Object.keys(this.#data);
  }
  clear() {
    if (this.keys().length > 0) this.modified = true;
    this.#data = {};
  }
  regenerate() {
    if (this.#store.kind === 'server') {
      if (this.#id !== undefined) this.#store.delete(this.#id);
      this.#id = this.#store.newId();
      this.#log('session: id regenerated, old record deleted');
    }
    this.modified = true;
  }
  destroy() {
    if (this.#store.kind === 'server' && this.#id !== undefined) this.#store.delete(this.#id);
    this.#id = undefined;
    this.#data = {};
    this.modified = false;
    this.destroyed = true;
    this.#log('session: destroyed on the server');
  }
  /** Called by the middleware: after destroy(), writing data starts a brand-new session. */
  takeId(): string | undefined {
    return this.#id;
  }
  assignId(id: string) {
    this.#id = id;
  }
}

// ---------------------------------------------------------------------------------------------
// Middleware

export interface SessionMiddlewareOptions {
  store: SessionStore;
  cookieName: string;
  secure: boolean;
  log?: (line: string) => void;
}

export type SessionVariables = { session: Session };

/**
 * Loads the session before the handler and saves it after. Also marks responses that belong to a
 * signed-in session, or that carry any Set-Cookie, `Cache-Control: no-store` (OWASP: session ids
 * and authenticated pages must never be cached; `no-cache` is not enough), unless the handler set
 * a Cache-Control of its own.
 */
export function sessionMiddleware(
  options: SessionMiddlewareOptions,
): MiddlewareHandler<{ Variables: SessionVariables }> {
  const { store, cookieName, secure } = options;
  const log = options.log ?? (() => {});
  if (typeof cookieName !== 'string' || cookieName === '')
    throw new TypeError('sessionMiddleware: cookieName is required');
  if (cookieName.startsWith('__Host-') && !secure) {
    throw new TypeError('sessionMiddleware: a __Host- cookie name needs secure: true');
  }

  return async (c, next) => {
    const raw = getCookie(c, cookieName);
    let loadedId: string | undefined;
    let data: SessionData | undefined;
    if (raw !== undefined && raw !== '') {
      if (store.kind === 'server') {
        data = raw.length <= 256 ? store.get(raw) : undefined;
        if (data) loadedId = raw;
        else
          log(
            'session: unknown or expired session id ignored (strict store: a fresh anonymous session is used)',
          );
      } else {
        data = (await store.decode(raw)) ?? undefined;
        if (!data) log('session: cookie rejected (bad signature, malformed or too old)');
      }
    }
    const session = new RequestSession(store, loadedId, data ?? {}, log);
    const wasSignedIn = session.has(USER_KEY);
    c.set('session', session);

    await next();

    await save(c, session, raw);
    // A Cache-Control the handler chose is kept, even a wrong one ("no-cache" still stores the
    // page): that is what Hono and Flask do, and it is what lets LO-15 fail when a learner gets it
    // wrong. Without one, the safe default is added.
    if (
      (wasSignedIn || session.has(USER_KEY) || c.res.headers.getSetCookie().length > 0) &&
      !c.res.headers.has('Cache-Control')
    ) {
      c.header('Cache-Control', 'no-store');
    }
    c.header('Vary', 'Cookie', { append: true });
  };

  async function save(c: Context, session: RequestSession, raw: string | undefined): Promise<void> {
    if (!session.modified) return;
    const empty = session.keys().length === 0;
    if (store.kind === 'server') {
      const id = session.takeId();
      if (empty) {
        if (id !== undefined) store.delete(id);
        if (raw !== undefined) deleteCookie(c, cookieName, { path: '/', secure });
        return;
      }
      const finalId = id ?? store.newId();
      session.assignId(finalId);
      store.save(finalId, { ...session.data });
      // Like Flask-Session: a changed session re-sends its cookie, even when the id is the same.
      setCookie(c, cookieName, finalId, { ...COOKIE_ATTRIBUTES, secure });
      return;
    }
    if (empty) {
      if (raw !== undefined) deleteCookie(c, cookieName, { path: '/', secure });
      return;
    }
    setCookie(c, cookieName, await store.encode({ ...session.data }), { ...COOKIE_ATTRIBUTES, secure });
  }
}
