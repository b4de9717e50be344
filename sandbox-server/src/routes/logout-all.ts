/**
 * POST /logout-all: "log out on every device". One user can have many sessions (phone, laptop,
 * a remember-me cookie on a shared computer); the server keeps an index userId → session ids,
 * so it can end all of them, plus every remember-me token and refresh-token family.
 */
import type { LeafApp, LeafDeps } from '../app/types';

export default function logoutAll(app: LeafApp, { loginManager }: LeafDeps): void {
  app.post('/logout-all', async (c) => {
    const user = await loginManager.currentUser(c);
    if (!user) return c.redirect('/login', 303);
    await loginManager.logoutAll(user.id); // every other browser and token
    await loginManager.logoutUser(c); // and this browser's cookies
    return c.redirect('/', 303);
  });
}
