/**
 * Mistake: logout pops the user from the session by hand, as in lab 3, and forgets remember-me:
 * the remember cookie stays, so the very next request signs the user back in.
 */ import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, _deps: LeafDeps): void {
  app.post('/logout', async (c) => {
    c.get('session').pop('userId'); // Wrong: remember-me is left alone
    return c.redirect('/', 303);
  });
}
