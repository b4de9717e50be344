/**
 * Mistake: session.clear() logs the user out, but it also throws away everything else in the
 * session: the theme the visitor picked (or a shopping cart) is gone after logout.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    c.get('session').clear();
    return c.redirect('/', 303);
  });
}
