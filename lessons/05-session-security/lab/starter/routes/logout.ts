/**
 * Lab 5: make logout stick on the server.
 *
 * Sessions live on the server in this lab: the `sid` cookie is only a random id, and
 * c.get('session') reads and writes the record behind it. Try this: log in, copy the sid from
 * the cookie jar, log out, then send GET /me with the copied sid. You are still signed in.
 */
import { deleteCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { cookies, remember }: LeafDeps): void {
  app.post('/logout', async (c) => {
    // The browser forgets the cookie... but the record behind it is still on the server.
    deleteCookie(c, cookies.session, { path: '/', secure: cookies.secure });

    // TODO 1: end the session on the server: c.get('session').destroy() deletes the record
    //         (it leaves the browser's cookie alone, so keep a deleteCookie for that).
    // TODO 2: keep the theme: read it before destroy(), and when there is one, write it back
    //         after destroy() (that starts a fresh session with a new id) instead of deleting
    //         the cookie.

    await remember.revoke(c); // remember-me token revoked on the server, cookie deleted (lab 4)
    c.header('Clear-Site-Data', '"cache", "storage"');
    return c.redirect('/', 303);
  });
}
