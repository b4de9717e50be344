/**
 * POST /login: check the password, then let the login manager sign the user in. loginUser gives
 * the browser a NEW session id (the pre-login one dies), which defeats session fixation.
 */
import type { LeafApp, LeafDeps } from '../app/types';
import { readForm, safeNext } from '../http';

export default function login(app: LeafApp, { users, loginManager, views }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);
    const user = await users.verify(form.username, form.password);
    if (!user) {
      // One message for "no such user" and "wrong password": the form must not reveal which names exist.
      return c.html(
        views.loginPage({ error: 'Wrong username or password.', next: safeNext(form.next, '') }),
        401,
      );
    }
    await loginManager.loginUser(c, user, { remember: form.remember === '1' });
    // 303: the browser follows with a GET. safeNext keeps ?next= on this site (no open redirect).
    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
