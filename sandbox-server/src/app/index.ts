/**
 * createLabApp: one Hono auth app, composed from sound infrastructure (sessions, login manager,
 * CSRF, views, token API) and the route files a lab lets the learner edit ("leaves").
 *
 * Web-standard only: the same factory runs in Node, a WebContainer and a browser Worker.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { csrfProtection, csrfToken } from '../csrf';
import { bearerToken, noStore, safeNext } from '../http';
import { LoginManager } from '../login-manager';
import { defaultLeaves, LEAF_PATHS } from '../routes';
import { CookieSessionStore, ServerSessionStore, sessionMiddleware, type SessionStore } from '../session';
import { TokenService } from '../tokens';
import { UserDirectory } from '../users';
import { views } from '../views';
import type { AppEnv, CookieConfig, LeafApp, LeafDeps, LeafModule, StoreKind } from './types';

export type { AppEnv, CookieConfig, Leaf, LeafApp, LeafDeps, LeafModule, StoreKind } from './types';
export { defaultLeaves, LEAF_PATHS } from '../routes';

export interface LabAppOptions {
  store: StoreKind;
  /** Served over https: `__Host-` cookie names and `Secure`. Default false (http://localhost). */
  secure?: boolean;
  /** Signing secret (at least 32 characters). Default: random per app, so restarting logs everyone out. */
  secret?: string;
  /** Editable-file path → compiled module, replacing the default leaf of that path. */
  leaves?: Record<string, LeafModule>;
  /**
   * Receives server log lines (logins, logouts, rejected cookies, handler errors). The line of a
   * handler that threw comes with `failed`: the request it failed, so a runtime can tell the
   * learner why that answer is a 500.
   */
  log?: (line: string, failed?: FailedRequest) => void;
  /** Extra origins the CSRF check trusts besides the request's own origin. */
  origins?: readonly string[];
  /** PBKDF2 iterations for the demo users (default users/DEFAULT_ITERATIONS). */
  passwordIterations?: number;
}

/** The request whose handler threw (the argument passed to `fetch`). */
export interface FailedRequest {
  request: Request;
}

export interface LabApp {
  app: LeafApp;
  fetch: (request: Request) => Promise<Response>;
  config: { store: StoreKind; secure: boolean; cookies: CookieConfig; leaves: string[] };
  /** The live services, for tests and tools (never needed by learners). */
  services: {
    sessions: SessionStore;
    loginManager: LoginManager;
    tokens: TokenService;
    users: UserDirectory;
  };
}

/** Cookie names for a store and scheme (see the README's cookie table). */
export function cookieNames(store: StoreKind, secure: boolean): { session: string; remember: string } {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}${store === 'server' ? 'sid' : 'session'}`, remember: `${prefix}remember` };
}

function fail(message: string): never {
  throw new TypeError(`createLabApp: ${message}`);
}

function validate(options: unknown): asserts options is LabAppOptions {
  if (typeof options !== 'object' || options === null)
    fail('options must be an object like { store: "server" }');
  const o = options as Record<string, unknown>;
  if (o.store !== 'cookie' && o.store !== 'server')
    fail(`options.store must be "cookie" or "server" (got ${JSON.stringify(o.store)})`);
  if (o.secure !== undefined && typeof o.secure !== 'boolean') fail('options.secure must be a boolean');
  if (o.secret !== undefined && (typeof o.secret !== 'string' || o.secret.length < 32)) {
    fail('options.secret must be a string of at least 32 characters');
  }
  if (o.log !== undefined && typeof o.log !== 'function')
    fail('options.log must be a function (line: string) => void');
  if (
    o.origins !== undefined &&
    (!Array.isArray(o.origins) || !o.origins.every((x) => typeof x === 'string'))
  ) {
    fail('options.origins must be an array of origin strings');
  }
  if (o.leaves !== undefined) {
    if (typeof o.leaves !== 'object' || o.leaves === null)
      fail('options.leaves must be an object { "routes/x.ts": module }');
    for (const [path, mod] of Object.entries(o.leaves)) {
      if (!LEAF_PATHS.includes(path))
        fail(`unknown leaf "${path}"; editable files are: ${LEAF_PATHS.join(', ')}`);
      if (typeof (mod as Partial<LeafModule> | null)?.default !== 'function') {
        fail(`leaf "${path}" must default-export a function (app, deps) => void`);
      }
    }
  }
}

/** Thrown when a leaf fails while registering its routes (a learner file that throws at load). */
export class LeafRegistrationError extends Error {
  readonly file: string;
  constructor(file: string, cause: unknown) {
    super(
      `${file}: the file threw while registering its routes: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'LeafRegistrationError';
    this.file = file;
  }
}

export function createLabApp(options: LabAppOptions): LabApp {
  validate(options);
  const store = options.store;
  const secure = options.secure ?? false;
  const secret = options.secret ?? randomSecret();
  const userLog = options.log;
  const log = (line: string, failed?: FailedRequest) => {
    try {
      userLog?.(line, failed);
    } catch {
      // A broken logger must never take the server down.
    }
  };

  const names = cookieNames(store, secure);
  const cookies: CookieConfig = { ...names, secure };
  const sessions: SessionStore =
    store === 'server' ? new ServerSessionStore() : new CookieSessionStore({ secret });
  const users = new UserDirectory(
    options.passwordIterations !== undefined ? { iterations: options.passwordIterations } : {},
  );
  const tokens = new TokenService({ secret });
  const loginManager = new LoginManager({
    users,
    cookies: names,
    secure,
    refresh: tokens.refresh,
    log,
    ...(sessions.kind === 'server' ? { sessions } : {}),
  });
  loginManager.on(({ type, userId }) => log(`event: ${type} (user ${userId ?? 'unknown'})`));

  const deps: LeafDeps = {
    store,
    cookies,
    users,
    loginManager,
    remember: loginManager.remember,
    tokens,
    views,
    csrfToken,
    csrfProtection: csrfProtection(options.origins ? { origins: options.origins } : {}),
    log,
  };

  const app: LeafApp = new Hono<AppEnv>();

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    const hint = /not finalized/i.test(error.message)
      ? ' (did a handler forget to `return` a response?)'
      : '';
    for (const leaf of Object.values(options.leaves ?? {})) leaf.mapStack?.(error);
    // The hint belongs to the headline: appended to the last frame (the server's), the lab host
    // would fold it away with that frame.
    log(`error: ${c.req.method} ${c.req.path} failed: ${stackText(error, hint)}`, { request: c.req.raw });
    return c.text('Internal Server Error', 500);
  });
  app.notFound((c) => c.text('Not Found', 404));

  // First middleware: Hono hands only Error instances to onError, so `throw 'oops'` (or a thrown
  // object, null, a number) would escape app.fetch: in-process that rejects the call, while Node's
  // adapter answers a silent 500. Catching it here makes every runtime answer the same logged 500.
  // An Error never reaches this catch: the dispatch level it was thrown at already ran onError.
  app.use('*', async (c, next) => {
    try {
      await next();
    } catch (thrown) {
      if (thrown instanceof Error) throw thrown;
      log(
        `error: ${c.req.method} ${c.req.path} failed: the handler threw ${describeThrown(thrown)}, which is not an Error, so there is no stack trace to show where. Throw new Error("…") instead, or return an error response.`,
        { request: c.req.raw },
      );
      c.res = c.text('Internal Server Error', 500);
    }
  });
  app.use('*', async (c, next) => {
    c.header('X-Content-Type-Options', 'nosniff'); // merged into whatever response the handler builds
    await next();
  });
  app.use('*', sessionMiddleware({ store: sessions, cookieName: names.session, secure, log }));
  // The CSRF check is the first leaf, routes/csrf.ts (lab 3 makes it the learner's), so it still
  // runs before every route, fixed or not.
  // Token responses and API data are never cached (RFC 6749 §5.1; OWASP).
  app.use('/api/*', async (c, next) => {
    await next();
    noStore(c);
  });

  const leaves = { ...defaultLeaves, ...(options.leaves ?? {}) };
  for (const path of LEAF_PATHS) {
    const leaf = leaves[path];
    if (!leaf) continue;
    try {
      leaf.default(app, deps);
    } catch (error) {
      throw new LeafRegistrationError(path, error);
    }
  }

  registerFixedRoutes(app, deps);

  return {
    app,
    fetch: async (request) => app.fetch(request),
    config: { store, secure, cookies, leaves: Object.keys(options.leaves ?? {}) },
    services: { sessions, loginManager, tokens, users },
  };
}

/** Routes no lab edits: the HTML pages and the token API's /api/me. */
function registerFixedRoutes(app: LeafApp, deps: LeafDeps): void {
  const { loginManager, users, tokens } = deps;
  const theme = (c: Context<AppEnv>) => c.get('session').get('theme');

  app.get('/', async (c) => c.html(views.home({ user: await loginManager.currentUser(c), theme: theme(c) })));

  app.get('/login', async (c) => {
    if (await loginManager.currentUser(c)) return c.redirect('/dashboard', 303);
    return c.html(views.loginPage({ next: safeNext(c.req.query('next'), ''), theme: theme(c) }));
  });

  app.get('/dashboard', async (c) => {
    const user = await loginManager.currentUser(c);
    if (!user) return c.redirect('/login?next=%2Fdashboard', 303);
    return c.html(views.dashboard({ user, theme: theme(c), csrfToken: csrfToken(c), store: deps.store }));
  });

  app.get('/settings', async (c) =>
    c.html(views.settings({ theme: theme(c), user: await loginManager.currentUser(c) })),
  );

  app.get('/api/me', async (c) => {
    const claims = await tokens.verifyAccess(bearerToken(c));
    const user = claims ? users.byId(claims.sub) : undefined;
    if (!user) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return c.json({ error: 'invalid_token' }, 401);
    }
    return c.json({ user: { id: user.id, username: user.username, name: user.name } });
  });
}

/**
 * `Name: message`, then the stack's frames: V8 starts a stack with that headline, SpiderMonkey and
 * JavaScriptCore (a Worker in Firefox or Safari) give only the frames, and the log should read the
 * same in every engine.
 */
function stackText(error: Error, hint: string): string {
  let head: string;
  try {
    head = String(error);
  } catch {
    head = error.name;
  }
  const stack = typeof error.stack === 'string' ? error.stack : '';
  const frames = stack.startsWith(head) ? stack.slice(head.length).replace(/^\n/, '') : stack;
  return frames ? `${head}${hint}\n${frames}` : `${head}${hint}`;
}

/** `the string "oops"`, `undefined`, `an object {"code":1}`: a thrown non-Error, for the log. */
function describeThrown(value: unknown): string {
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value)}`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    return json === undefined
      ? 'an object'
      : `an object ${json.length > 200 ? `${json.slice(0, 200)}…` : json}`;
  }
  return `the ${typeof value} ${String(value)}`;
}

function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}
