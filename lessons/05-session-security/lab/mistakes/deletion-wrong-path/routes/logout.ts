/**
 * Mistake: the deletion cookie has Path=/logout, but the login set the cookie with Path=/. A
 * browser identifies a cookie by name + domain + path, so this "deletes" a cookie that never
 * existed and the real one stays in the jar. (The server record is destroyed, so the leftover id
 * is dead, but the browser keeps sending it and the logout response is wrong.)
 */
import { deleteCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { cookies, remember }: LeafDeps): void {
  app.post('/logout', async (c) => {
    const session = c.get('session');
    const theme = session.get('theme');
    session.destroy();
    if (theme) session.set('theme', theme);
    // Wrong: the path must match the one used at login (Path=/).
    else deleteCookie(c, cookies.session, { path: '/logout', secure: cookies.secure });
    await remember.revoke(c);
    c.header('Clear-Site-Data', '"cache", "storage"');
    return c.redirect('/', 303);
  });
}
