/**
 * Mistake: logout also answers GET "so a plain link works". Then so does any <img src="/logout">
 * on any site, a prefetch, or a chat app's link preview: SameSite=Lax cookies ride along on
 * top-level GETs, and csrf() ignores GET by design. Logout changes state: POST only.
 */
import { deleteCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { cookies, remember }: LeafDeps): void {
  // Wrong: GET and POST.
  app.on(['GET', 'POST'], '/logout', async (c) => {
    const session = c.get('session');
    const theme = session.get('theme');
    session.destroy();
    if (theme) session.set('theme', theme);
    else deleteCookie(c, cookies.session, { path: '/', secure: cookies.secure });
    await remember.revoke(c);
    c.header('Clear-Site-Data', '"cache", "storage"');
    return c.redirect('/', 303);
  });
}
