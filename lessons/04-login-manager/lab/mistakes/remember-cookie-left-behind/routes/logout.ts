/**
 * Mistake: the session forgets the user, but the remember-me cookie stays in the browser and its
 * token stays valid. The very next request signs the user back in from that cookie.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    c.get('session').pop('userId');
    return c.redirect('/', 303);
  });
}
