/**
 * Mistake: logout only redirects. "It went back to the home page, so it worked": the browser keeps
 * sending the same cookies, so the user is still signed in.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, _deps: LeafDeps): void {
  app.post('/logout', async (c) => {
    // Wrong: nothing is logged out.
    return c.redirect('/', 303);
  });
}
