/**
 * Mistake: session.clear() logs the user out, but it also throws away everything else in the
 * session (the theme the visitor picked). lab.json says it fails exactly LO-08.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    c.get('session').clear();
    return c.redirect('/', 303);
  });
}
