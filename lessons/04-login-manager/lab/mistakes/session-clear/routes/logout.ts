/**
 * Mistake: after the login manager's logout, the session is cleared "to be safe", which throws
 * away the visitor's theme too.
 */ import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { loginManager }: LeafDeps): void {
  app.post('/logout', async (c) => {
    await loginManager.logoutUser(c);
    c.get('session').clear(); // Wrong: the theme goes too
    return c.redirect('/', 303);
  });
}
