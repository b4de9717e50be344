/**
 * Lab 3: the logout route.
 *
 * The session is Flask-style: a signed cookie holding { userId, theme, ... }. Logging out means
 * the session must stop naming a user. The theme is not about who is signed in, so it stays.
 *
 * Already done for you: the route is POST-only, and the app's CSRF middleware rejects
 * cross-site form posts, so another site cannot log your users out.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    // TODO: remove the user from the session, and only the user (the key is 'userId').
    //       Hint: c.get('session') has get, set, pop and clear.

    // 303 See Other: the browser follows with a GET to the home page.
    return c.redirect('/', 303);
  });
}
