/**
 * Lab 5: the CSRF guard, registered before every route of the server.
 *
 * Another site can submit a hidden form to POST /logout, and the browser attaches your session
 * cookie to it. Making logout POST-only is not enough on its own: a POST that comes from another
 * site must be refused. The browser says where a request comes from in its Origin and
 * Sec-Fetch-Site headers; Hono's csrf() middleware reads them.
 *
 * `csrfProtection` (in deps) is that middleware, set up for this server: csrf() plus a check of
 * the form token the pages send. It answers 403 to a cross-site form post and lets the rest through.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

// The underscores only say "not used yet": write (app: LeafApp, { csrfProtection }: LeafDeps).
export default function csrf(_app: LeafApp, _deps: LeafDeps): void {
  // TODO: put csrfProtection in front of every route, so a cross-site POST /logout gets 403.
  //       Hint: app.use(path, middleware) runs the middleware before the routes that match path.
}
