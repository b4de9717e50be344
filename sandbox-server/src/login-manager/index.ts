/**
 * The Flask-Login analogue: loginUser, logoutUser, currentUser, remember-me and "log out
 * everywhere", plus a tiny event emitter ('user-logged-in', 'user-logged-out').
 *
 * Two deliberate differences from Flask-Login, both from OWASP:
 * - loginUser REGENERATES the session (Flask-Login writes into the existing one);
 * - remember-me tokens are random, stored server-side (hashed) and revocable (Flask-Login's
 *   remember cookie is a stateless `user_id|HMAC` that survives logout).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomToken, sha256Hex } from '../crypto';
import { USER_KEY, type ServerSessionStore, type Session } from '../session';
import type { RefreshTokens } from '../tokens';
import { publicUser, type User, type UserDirectory } from '../users';

export interface CookieNames {
  session: string;
  remember: string;
}

export type LoginEvent = 'user-logged-in' | 'user-logged-out' | 'user-logged-out-everywhere';
export type LoginListener = (event: { type: LoginEvent; userId: string | undefined }) => void;

/** Server-side remember-me tokens: random, stored only as SHA-256, revocable one by one or per user. */
export class RememberTokens {
  readonly #records = new Map<string, { userId: string; expiresAt: number }>();
  readonly #ttl: number;
  readonly #now: () => number;

  constructor(options: { ttlSeconds?: number; now?: () => number } = {}) {
    this.#ttl = (options.ttlSeconds ?? 30 * 24 * 3600) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** How long a remember token lives, in seconds. */
  get ttlSeconds(): number {
    return this.#ttl / 1000;
  }

  /** A fresh random token for `userId`; only its SHA-256 hash is stored. */
  async issue(userId: string): Promise<string> {
    const token = randomToken(32);
    this.#records.set(await sha256Hex(token), { userId, expiresAt: this.#now() + this.#ttl });
    return token;
  }

  /** The user id of a live token, otherwise undefined. */
  async lookup(token: string): Promise<string | undefined> {
    if (token.length === 0 || token.length > 512) return undefined;
    const key = await sha256Hex(token);
    const record = this.#records.get(key);
    if (!record) return undefined;
    if (record.expiresAt <= this.#now()) {
      this.#records.delete(key);
      return undefined;
    }
    return record.userId;
  }

  /** Forget `token` on the server; true when it was known. */
  async revoke(token: string): Promise<boolean> {
    return this.#records.delete(await sha256Hex(token));
  }

  /** Revoke every remember token of one user; returns how many. */
  revokeAllFor(userId: string): number {
    let count = 0;
    for (const [key, record] of this.#records) {
      if (record.userId === userId) {
        this.#records.delete(key);
        count++;
      }
    }
    return count;
  }
}

/** The remember-me cookie, as route files see it (`deps.remember`). */
export interface RememberMe {
  /** Issue a server-side token for `user` and set the remember cookie (HttpOnly, SameSite=Lax, 30 days). */
  issue(c: Context, user: User): Promise<void>;
  /** Revoke the token the request carries (if any) on the server, and delete the remember cookie. */
  revoke(c: Context): Promise<void>;
}

export interface LoginManagerOptions {
  users: UserDirectory;
  cookies: CookieNames;
  secure: boolean;
  /** The server store, when the app uses one: needed to end other devices' sessions. */
  sessions?: ServerSessionStore;
  refresh?: RefreshTokens;
  rememberTokens?: RememberTokens;
  log?: (line: string) => void;
}

export interface LogoutAllResult {
  sessions: number;
  rememberTokens: number;
  refreshFamilies: number;
}

export class LoginManager {
  /** The remember-me cookie and its server-side token: issue at login, revoke at logout. */
  readonly remember: RememberMe;
  /** The server's record of remember tokens (hashed), behind `remember`. */
  readonly rememberTokens: RememberTokens;
  readonly #users: UserDirectory;
  readonly #cookies: CookieNames;
  readonly #secure: boolean;
  readonly #sessions: ServerSessionStore | undefined;
  readonly #refresh: RefreshTokens | undefined;
  readonly #log: (line: string) => void;
  readonly #listeners = new Set<LoginListener>();
  readonly #cache = new WeakMap<Context, User | null>();

  constructor(options: LoginManagerOptions) {
    this.#users = options.users;
    this.#cookies = options.cookies;
    this.#secure = options.secure;
    this.#sessions = options.sessions;
    this.#refresh = options.refresh;
    this.#log = options.log ?? (() => {});
    this.rememberTokens = options.rememberTokens ?? new RememberTokens();
    const tokens = this.rememberTokens;
    const cookieOptions = { path: '/', secure: this.#secure };
    this.remember = {
      issue: async (c, user) => {
        setCookie(c, this.#cookies.remember, await tokens.issue(user.id), {
          ...cookieOptions,
          httpOnly: true,
          sameSite: 'Lax',
          maxAge: tokens.ttlSeconds,
        });
      },
      revoke: async (c) => {
        const token = getCookie(c, this.#cookies.remember);
        if (token === undefined) return;
        if (await tokens.revoke(token)) this.#log('remember-me: token revoked on the server');
        deleteCookie(c, this.#cookies.remember, cookieOptions);
      },
    };
  }

  /** Listen for 'user-logged-in', 'user-logged-out' and 'user-logged-out-everywhere'; returns a function that stops. */
  on(listener: LoginListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The signed-in user, or null. Reads the session first; with no user there, a valid remember
   * cookie signs the user in again (in a fresh session), like Flask-Login's remember-me.
   */
  async currentUser(c: Context): Promise<User | null> {
    if (this.#cache.has(c)) return this.#cache.get(c) ?? null;
    const session = sessionOf(c);
    let user = this.#users.byId(session.get(USER_KEY)) ?? null;
    if (!user) {
      const token = getCookie(c, this.#cookies.remember);
      if (token !== undefined) {
        const userId = await this.rememberTokens.lookup(token);
        user = this.#users.byId(userId) ?? null;
        if (user) {
          session.regenerate();
          session.set(USER_KEY, user.id);
          this.#log(`remember-me: ${user.username} signed in again from a remember token`);
        } else {
          deleteCookie(c, this.#cookies.remember, { path: '/', secure: this.#secure });
          this.#log('remember-me: unknown or revoked token ignored');
        }
      }
    }
    const result = user ? publicUser(user) : null;
    this.#cache.set(c, result);
    return result;
  }

  /** Sign `user` in: fresh session id (no fixation), old auth keys dropped, preferences kept. */
  async loginUser(c: Context, user: User, options: { remember?: boolean } = {}): Promise<void> {
    const session = sessionOf(c);
    session.pop(USER_KEY);
    session.regenerate();
    session.set(USER_KEY, user.id);
    if (options.remember) await this.remember.issue(c, user);
    this.#cache.set(c, publicUser(user));
    this.#log(`login: ${user.username} signed in${options.remember ? ' (remember me)' : ''}`);
    this.#emit('user-logged-in', user.id);
  }

  /**
   * Sign the current browser out, like Flask-Login's logout_user(): forget the identity, keep
   * harmless preferences, revoke and delete the remember-me cookie, emit 'user-logged-out'.
   * With the server store the remaining preferences move to a NEW anonymous session id and the
   * old record is deleted, so a copy of the old cookie is worthless.
   */
  async logoutUser(c: Context): Promise<void> {
    const session = sessionOf(c);
    const userId = session.pop(USER_KEY);
    if (userId !== undefined && session.store === 'server' && session.keys().length > 0) session.regenerate();
    // With nothing left, the session middleware deletes the record and the cookie for us.
    await this.remember.revoke(c);
    this.#cache.set(c, null);
    if (userId !== undefined) {
      this.#log(`logout: ${this.#users.byId(userId)?.username ?? userId} signed out`);
      this.#emit('user-logged-out', userId);
    }
  }

  /** End every session, remember token and refresh-token family of one user (all devices). */
  async logoutAll(userId: string): Promise<LogoutAllResult> {
    const result: LogoutAllResult = {
      sessions: this.#sessions?.deleteAllFor(userId) ?? 0,
      rememberTokens: this.rememberTokens.revokeAllFor(userId),
      refreshFamilies: this.#refresh?.revokeAllFor(userId) ?? 0,
    };
    if (!this.#sessions)
      this.#log('logout-all: the cookie store keeps no session records, so other browsers stay signed in');
    this.#log(
      `logout-all: ended ${result.sessions} session(s), ${result.rememberTokens} remember token(s), ${result.refreshFamilies} refresh family(ies)`,
    );
    this.#emit('user-logged-out-everywhere', userId);
    return result;
  }

  #emit(type: LoginEvent, userId: string | undefined): void {
    for (const listener of this.#listeners) {
      try {
        listener({ type, userId });
      } catch (error) {
        this.#log(`event listener for ${type} failed: ${String(error)}`);
      }
    }
  }
}

function sessionOf(c: Context): Session {
  const session = c.get('session') as Session | undefined;
  if (!session)
    throw new Error('login manager: no session on the context (is the session middleware installed?)');
  return session;
}
