/**
 * The CSRF guard, in front of every route: unsafe form-like requests (POST etc.) must come from
 * this site (`Origin` or `Sec-Fetch-Site: same-origin`, Hono's csrf()), and a form that sends
 * `csrf_token` must send the session's. Registered first of all leaves, so it also guards the
 * app's fixed routes. `/api/*` is exempt: a browser never attaches its credentials on its own.
 */
import type { LeafApp, LeafDeps } from '../app/types';

export default function csrf(app: LeafApp, { csrfProtection }: LeafDeps): void {
  app.use('*', csrfProtection);
}
