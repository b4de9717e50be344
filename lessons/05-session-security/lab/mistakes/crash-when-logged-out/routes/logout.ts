/**
 * Mistake: logout writes the user's id to the log first, assuming someone is signed in. With no
 * session user, .toUpperCase() throws and the answer is 500.
 */ import { deleteCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { cookies, remember }: LeafDeps): void {
  // POST only (a GET can be fired by any link or <img>); the app's csrf() middleware rejects
  // cross-site form posts before this handler runs.
  app.post('/logout', async (c) => {
    const session = c.get('session');
    const theme = session.get('theme'); // the only thing worth keeping
    console.log(`logout of ${(session.get('userId') as string).toUpperCase()}`); // Wrong: undefined when nobody is signed in

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
      deleteCookie(c, cookies.session, { path: '/', secure: cookies.secure });
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
