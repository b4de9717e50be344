/**
 * Mistake (the myth "token logout means the client deletes its token"): the server answers
 * politely and changes nothing. A copy of the access token keeps working until its exp, and the
 * refresh token keeps minting new ones.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function apiLogout(app: LeafApp): void {
  app.post('/api/logout', (c) => {
    // Wrong: nothing is revoked on the server.
    return c.json({ message: 'Logged out. Please delete your tokens.' });
  });
}
