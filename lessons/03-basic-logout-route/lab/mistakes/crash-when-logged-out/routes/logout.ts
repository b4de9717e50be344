/**
 * Mistake: logout assumes someone is signed in. With no user in the session (a second click, a
 * stale tab, an expired session) get('userId') is undefined, .length throws and the answer is 500.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  // POST only: a GET can be fired by any link, <img> or prefetch, on any site.
  app.post('/logout', (c) => {
    const userId = c.get('session').get('userId') as string; // Wrong: undefined when nobody is signed in
    console.log(`logging out user ${userId}, ${userId.length} characters`);
    c.get('session').pop('userId');
    // A fixed, same-site target: nothing the request says can send the user elsewhere.
    return c.redirect('/', 303);
  });
}
