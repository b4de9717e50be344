/**
 * Mistake: "log out everywhere" only logs out this browser. The phone and the shared computer
 * stay signed in, remember-me included.
 */ import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logoutAll(app: LeafApp, { loginManager }: LeafDeps): void {
  app.post('/logout-all', async (c) => {
    const user = await loginManager.currentUser(c);
    if (!user) return c.redirect('/login', 303);
    await loginManager.logoutUser(c); // and this browser's cookies
    return c.redirect('/', 303);
  });
}
