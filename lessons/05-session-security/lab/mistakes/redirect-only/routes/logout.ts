/**
 * Mistake: logout only redirects. "It went back to the home page, so it worked": the browser keeps
 * sending the same cookies, so the user is still signed in.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  // Wrong: nothing is logged out.
  app.post('/logout', (c) => c.redirect('/', 303));
}
