/**
 * Mistake: logout sends the browser wherever ?next= says, so a link through your real logout
 * can land the user on a look-alike site.
 */ import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { loginManager }: LeafDeps): void {
  app.post('/logout', async (c) => {
    await loginManager.logoutUser(c);
    return c.redirect(c.req.query('next') ?? '/', 303); // Wrong: next is not checked
  });
}
