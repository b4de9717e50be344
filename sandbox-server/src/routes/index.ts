/**
 * The default leaves: the reference implementation every lab starts from. A lab replaces the
 * files it makes editable; the rest come from here. Order matters: leaves are registered in this
 * order, before the app's fixed routes (so a leaf's middleware can guard a fixed route).
 */
import type { LeafModule } from '../app/types';
import * as apiLogin from './api-login';
import * as apiLogout from './api-logout';
import * as apiRefresh from './api-refresh';
import * as csrf from './csrf';
import * as login from './login';
import * as logoutAll from './logout-all';
import * as logout from './logout';
import * as sessionDemo from './session-demo';

export const defaultLeaves: Readonly<Record<string, LeafModule>> = Object.freeze({
  // First: its middleware must run before every route.
  'routes/csrf.ts': csrf,
  'routes/session-demo.ts': sessionDemo,
  'routes/login.ts': login,
  'routes/logout.ts': logout,
  'routes/logout-all.ts': logoutAll,
  'routes/api-login.ts': apiLogin,
  'routes/api-logout.ts': apiLogout,
  'routes/api-refresh.ts': apiRefresh,
});

/** Every path a lab may make editable. */
export const LEAF_PATHS: readonly string[] = Object.freeze(Object.keys(defaultLeaves));

/**
 * The routes each leaf answers, as `METHOD /path`. A lab's learner routes default to those of its
 * editable files, so check messages can say "your POST /login" or "the server's POST /prefs".
 */
export const LEAF_ROUTES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'routes/csrf.ts': [], // middleware only: it guards the other routes
  'routes/session-demo.ts': ['GET /me', 'GET /prefs', 'POST /prefs'],
  'routes/login.ts': ['POST /login'],
  'routes/logout.ts': ['POST /logout'],
  'routes/logout-all.ts': ['POST /logout-all'],
  'routes/api-login.ts': ['POST /api/login'],
  'routes/api-logout.ts': ['POST /api/logout'],
  'routes/api-refresh.ts': ['POST /api/refresh'],
});

/** The routes the given leaf files answer, in leaf order. */
export function routesOf(paths: readonly string[]): string[] {
  return LEAF_PATHS.filter((path) => paths.includes(path)).flatMap((path) => LEAF_ROUTES[path] ?? []);
}

/** The routes the learner writes in a lab: its manifest's `learnerRoutes`, or every route of its editable files. */
export function learnerRoutesOf(manifest: {
  editable: readonly string[];
  learnerRoutes?: readonly string[] | undefined;
}): string[] {
  return manifest.learnerRoutes === undefined ? routesOf(manifest.editable) : [...manifest.learnerRoutes];
}
