/**
 * Lab 3 solution: the logout route.
 *
 * pop('userId') removes exactly the key that says who is signed in. The session middleware then
 * sends a newly signed cookie that still holds the theme but no user: the browser is logged out
 * and keeps its preferences. (Lesson 5 shows why a COPY of the old cookie still works with a
 * cookie-only session, and what to do about it.)
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  // POST only: a GET can be fired by any link, <img> or prefetch, on any site.
  app.post('/logout', (c) => {
    c.get('session').pop('userId');
    // A fixed, same-site target: nothing the request says can send the user elsewhere.
    return c.redirect('/', 303);
  });
}
