/**
 * Lab 5: the login route, from the other end of the session's life.
 *
 * Try this: POST /prefs (you get a sid), copy it, log in with that cookie, then GET /me with the
 * copied pre-login sid. If that answers 200, whoever planted or copied that id before you logged
 * in is now signed in as you: session fixation.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';

export default function login(app: LeafApp, { users, views, remember }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);
    const user = await users.verify(form.username, form.password);
    if (!user) return c.html(views.loginPage({ error: 'Wrong username or password.' }), 401);

    const session = c.get('session');
    // TODO: give the signed-in session a NEW id before storing the user (see session/index.ts).
    session.set('userId', user.id);

    if (form.remember === '1') await remember.issue(c, user);
    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
