/**
 * Mistake: "deletes" the session cookie by writing an empty value over it. Without Max-Age=0 (or
 * an Expires in the past) that is not a deletion: the browser stores the empty cookie and keeps
 * sending it. The record is gone, so nobody is signed in, but LO-06 and LO-13 say what a browser
 * is left holding. deleteCookie adds the expiry for you.
 */
import { setCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { cookies, remember }: LeafDeps): void {
  // POST only (a GET can be fired by any link or <img>); the app's csrf() middleware rejects
  // cross-site form posts before this handler runs.
  app.post('/logout', async (c) => {
    const session = c.get('session');
    const theme = session.get('theme'); // the only thing worth keeping

    // 1. Server side, the part OWASP calls mandatory: delete the record. From now on the old id
    //    points at nothing, whoever holds a copy of it.
    session.destroy();

    if (theme) {
      // 2a. Something harmless to keep: it goes into a brand-new anonymous session. Writing after
      //     destroy() starts a new session, so the browser gets a NEW id (never the old one).
      session.set('theme', theme);
    } else {
      // 2b. Nothing to keep: delete the cookie. A deletion names the same cookie as the login did:
      //     same name, Path=/ and (over https) Secure. deleteCookie sends an empty value + Max-Age=0.
      // Wrong: an empty value with the right Path, but no maxAge: 0, so nothing expires.
      setCookie(c, cookies.session, '', {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: cookies.secure,
      });
    }

    // 3. Remember-me (lab 4): revoke the token on the server and delete its cookie.
    await remember.revoke(c);

    // 4. Ask the browser to drop what it cached during the signed-in visit. Quoted directives;
    //    no "cookies", which would also wipe the theme cookie of every app on this domain.
    c.header('Clear-Site-Data', '"cache", "storage"');

    // The session middleware adds Cache-Control: no-store (this response belonged to a signed-in session).
    return c.redirect('/', 303);
  });
}
