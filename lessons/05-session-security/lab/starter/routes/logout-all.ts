/**
 * Lab 5: "log out everywhere" (POST /logout-all), the button users press after losing a phone or
 * changing their password.
 *
 * The server store keeps an index from each user to their session ids, so it can find them all.
 * loginManager.logoutAll(userId) ends every session, remember-me token and refresh-token family
 * of that user.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logoutAll(app: LeafApp, { loginManager }: LeafDeps): void {
  app.post('/logout-all', async (c) => {
    const user = await loginManager.currentUser(c);
    if (!user) return c.redirect('/login', 303);
    // TODO: end the user's sessions on every other device too, not only in this browser.
    await loginManager.logoutUser(c);
    return c.redirect('/', 303);
  });
}
