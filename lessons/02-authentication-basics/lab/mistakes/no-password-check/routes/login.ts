/**
 * Mistake: the user is looked up by name, and that is all. The password field is read by nobody,
 * so anyone who knows (or guesses) a username is signed in as that person. As a side effect the
 * form also answers differently for names that exist (signed in) and names that do not (401),
 * which is exactly the hint an attacker needs to collect valid usernames.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';
import { DEMO_USERS } from '@sandbox/users';

export default function login(app: LeafApp, { users, views }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);

    // Wrong: finding the account is not the same as proving you own it. users.verify checks both.
    const account = DEMO_USERS.find((candidate) => candidate.username === form.username);
    const user = account === undefined ? undefined : users.byId(account.id);
    if (!user) return c.html(views.loginPage({ error: 'Wrong username or password.' }), 401);

    const session = c.get('session');
    session.regenerate();
    session.set('userId', user.id);

    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
