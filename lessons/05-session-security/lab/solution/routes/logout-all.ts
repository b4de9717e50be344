/**
 * Lab 5 solution: log out everywhere.
 *
 * One user can hold many sessions (phone, laptop, a remember-me cookie on a shared computer). The
 * server keeps an index userId → session ids, so logoutAll can end every one of them, with every
 * remember-me token and refresh-token family of the user. Then this browser logs out as usual.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logoutAll(app: LeafApp, { loginManager }: LeafDeps): void {
  app.post('/logout-all', async (c) => {
    const user = await loginManager.currentUser(c);
    if (!user) return c.redirect('/login', 303);
    await loginManager.logoutAll(user.id); // every other browser and token
    await loginManager.logoutUser(c); // and this browser's cookies
    return c.redirect('/', 303);
  });
}
