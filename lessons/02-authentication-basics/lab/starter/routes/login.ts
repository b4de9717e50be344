/**
 * Lab 2: the login route.
 *
 * This lab keeps sessions on the server: the `sid` cookie holds only a random id, and the data
 * (theme, userId) lives in a server-side record. A visitor who picked a theme already has a
 * session before logging in; watch the `sid` value in the cookie jar as you log in.
 *
 * Demo users: alice / correct horse battery staple, bob / hunter2hunter2.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';

export default function login(app: LeafApp, { users, views }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);

    // users.verify hashes the password with PBKDF2 and compares in constant time.
    // It returns null for an unknown name AND for a wrong password.
    const user = await users.verify(form.username, form.password);
    if (!user) {
      // One message for both failures, so the form cannot be used to find out which names exist.
      return c.html(views.loginPage({ error: 'Wrong username or password.' }), 401);
    }

    // TODO: sign the user in.
    //   1. give this browser a NEW session id: c.get('session').regenerate()
    //   2. store who is signed in: c.get('session').set('userId', user.id)

    // 303 See Other: after a POST, the browser fetches the next page with GET.
    // safeNext only allows a path on this site, so ?next= cannot send people elsewhere.
    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
