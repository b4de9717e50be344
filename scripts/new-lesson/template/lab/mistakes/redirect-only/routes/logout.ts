/**
 * Mistake: "it redirected to the home page, so I'm logged out". The redirect changes the page,
 * not the session: the cookie still names the user, and the next request is signed in again.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    return c.redirect('/', 303);
  });
}
