/**
 * Lab 5 solution: the CSRF guard.
 *
 * app.use('*', …) runs csrfProtection before every route, including POST /logout: a form post
 * whose Origin (or Sec-Fetch-Site) says it comes from another site gets 403 before your handler
 * runs, so a hidden form elsewhere cannot log your users out. Same-site posts go through.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function csrf(app: LeafApp, { csrfProtection }: LeafDeps): void {
  app.use('*', csrfProtection);
}
