/**
 * POST /logout with the login manager. logoutUser forgets the identity, keeps the theme, revokes
 * the remember-me token and deletes its cookie (with the server store it also moves the session
 * to a fresh id, so a copied cookie is dead).
 */
import type { LeafApp, LeafDeps } from '../app/types';

export default function logout(app: LeafApp, { loginManager }: LeafDeps): void {
  // POST only: a GET could be triggered by any link or <img> on another site.
  app.post('/logout', async (c) => {
    await loginManager.logoutUser(c);
    // Drop cached pages and storage from the signed-in visit (quoted directives; no "cookies",
    // which would also wipe the theme).
    c.header('Clear-Site-Data', '"cache", "storage"');
    return c.redirect('/', 303);
  });
}
