/**
 * Mistake: the remember-me cookie is deleted in the browser, but its token is still valid on the
 * server. Anyone who copied the cookie earlier (another device, a stolen backup, malware) stays
 * signed in for weeks. This is how Flask-Login's default, stateless remember cookie behaves.
 */
import { deleteCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { cookies }: LeafDeps): void {
  app.post('/logout', (c) => {
    c.get('session').pop('userId');
    // Only the browser's copy goes; the token record on the server is never revoked.
    deleteCookie(c, cookies.remember, { path: '/', secure: cookies.secure });
    return c.redirect('/', 303);
  });
}
