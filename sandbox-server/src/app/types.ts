/**
 * Types shared by the app factory and every route file ("leaf"). Learner files import them with
 * `import type { LeafApp, LeafDeps } from '@sandbox/app/types'` (type-only, erased at run time).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { LoginManager, RememberMe } from '../login-manager';
import type { Session, StoreKind } from '../session';
import type { TokenService } from '../tokens';
import type { UserDirectory } from '../users';
import type { Views } from '../views';

export type { StoreKind } from '../session';

/** What handlers find on the context: `c.get('session')`. */
export type AppEnv = { Variables: { session: Session } };

/** The Hono app a leaf registers its routes on. */
export type LeafApp = Hono<AppEnv>;

export interface CookieConfig {
  /** Session cookie name: `session` (cookie store), `sid` (server store); `__Host-` prefixed over https. */
  session: string;
  /** Remember-me cookie name: `remember`, or `__Host-remember` over https. */
  remember: string;
  /** True when the lab is served over https: cookies carry `Secure` (and the `__Host-` names require it). */
  secure: boolean;
}

/** The services a leaf gets. Leaves never create their own: every runtime wires the same ones. */
export interface LeafDeps {
  /** Which session store this lab runs on. */
  store: StoreKind;
  /** The cookie names and whether they are Secure: delete a cookie with the attributes it was set with. */
  cookies: CookieConfig;
  /** The demo users: check a password, look a user up by id. */
  users: UserDirectory;
  /** Flask-Login's LoginManager: who is signed in, log in, log out, log out everywhere. */
  loginManager: LoginManager;
  /** Remember-me cookie + server-side token (the same object as `loginManager.remember`). */
  remember: RememberMe;
  /** The token API's JWT access tokens, their denylist and the refresh tokens. */
  tokens: TokenService;
  /** The app's HTML pages, to answer with `c.html(...)`. */
  views: Views;
  /** The session's CSRF form token, for pages with forms. */
  csrfToken: (c: Context) => string;
  /**
   * The app's CSRF check as a middleware: Hono's csrf() (Origin / Sec-Fetch-Site) plus the form
   * token, trusting the app's extra origins. `routes/csrf.ts` installs it (lab 3 makes that yours).
   */
  csrfProtection: MiddlewareHandler;
  /** Write a line to the lab's server log. */
  log: (line: string) => void;
}

/** A learner-editable file: registers its routes on `app`. */
export type Leaf = (app: LeafApp, deps: LeafDeps) => void;

/** A compiled leaf module (what `compileLeaves` returns per file). */
export interface LeafModule {
  default: Leaf;
  /**
   * Rewrites this file's frames in `error.stack` to the learner's TypeScript lines and columns
   * (the loader's; absent for leaves written in TypeScript the engine runs directly).
   */
  mapStack?: (error: Error) => void;
}
