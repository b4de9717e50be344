/**
 * Lab 4 solution: let the login manager do the whole job, like Flask-Login's logout_user().
 *
 * loginManager.logoutUser(c):
 *   - removes the user from the session and keeps harmless keys (the theme);
 *   - revokes the remember-me token ON THE SERVER, so a copied cookie is worthless;
 *   - deletes the remember-me cookie with the attributes it was set with (Path=/);
 *   - emits 'user-logged-out' (watch the server log).
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { loginManager }: LeafDeps): void {
  app.post('/logout', async (c) => {
    await loginManager.logoutUser(c);
    return c.redirect('/', 303);
  });
}
