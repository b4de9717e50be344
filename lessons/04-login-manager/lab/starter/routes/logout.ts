/**
 * Lab 4: logout with the login manager.
 *
 * Log in with "Remember me" ticked: besides the session cookie you get a `remember` cookie. Its
 * value is a random token that the server stores (hashed) next to your user id. Whenever the
 * session names no user, a valid remember cookie signs the user in again, silently.
 *
 * Below is the logout from lab 3. Log in with "Remember me", log out, then GET /me: you are
 * signed in again. Fix it.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, deps: LeafDeps): void {
  app.post('/logout', (c) => {
    c.get('session').pop('userId');
    deps.log('logout: user removed from the session');

    // TODO: the remember-me cookie is still in the browser, and its token is still valid on the
    //       server. deps.loginManager.logoutUser(c) handles both (it is async: await it).
    //       Read login-manager/index.ts to see what else it does.
    return c.redirect('/', 303);
  });
}
