/**
 * Mistake: logout answers GET as well as POST ("so a plain link works too"). Any page can now log
 * the user out with a link, an <img> or a prefetch: GET is never checked for CSRF.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  // POST only: a GET can be fired by any link, <img> or prefetch, on any site.
  // Wrong: GET too.
  app.on(['GET', 'POST'], '/logout', (c) => {
    c.get('session').pop('userId');
    // A fixed, same-site target: nothing the request says can send the user elsewhere.
    return c.redirect('/', 303);
  });
}
