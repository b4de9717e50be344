/**
 * Solution: the reference answer. It must pass every check the lab lists; learners can reveal it
 * with "Show solution".
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  // POST only: a GET can be fired by any link, <img> or prefetch, on any site.
  app.post('/logout', (c) => {
    // Remove exactly the key that says who is signed in; harmless keys (the theme) stay.
    c.get('session').pop('userId');
    // A fixed, same-site target: nothing in the request can send the user elsewhere.
    return c.redirect('/', 303);
  });
}
