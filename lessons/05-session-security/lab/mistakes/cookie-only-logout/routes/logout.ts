/**
 * Mistake (the myth "deleting the cookie logs the user out"): the browser drops its cookie, but
 * the session record is still alive on the server. Anyone who copied the sid before logout (a
 * second tab, a proxy log, malware) can keep using it. The theme is lost as well.
 */
import { deleteCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { cookies, remember }: LeafDeps): void {
  app.post('/logout', async (c) => {
    // Wrong: only the client side. No session.destroy().
    deleteCookie(c, cookies.session, { path: '/', secure: cookies.secure });
    await remember.revoke(c);
    c.header('Clear-Site-Data', '"cache", "storage"');
    return c.redirect('/', 303);
  });
}
