/**
 * Mistake: "helpful" error messages. users.verify answers null for an unknown name and for a
 * wrong password alike, but this version looks the name up again to say which one it was, with
 * a different status code too. Anyone can now feed the form a list of names and keep the ones
 * that get "Wrong password": a list of real accounts to aim password guesses at.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';
import { DEMO_USERS } from '@sandbox/users';

export default function login(app: LeafApp, { users, views }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);
    const user = await users.verify(form.username, form.password);
    if (!user) {
      // Wrong: two answers, so the form tells which usernames exist.
      const exists = DEMO_USERS.some((candidate) => candidate.username === form.username);
      if (!exists) return c.html(views.loginPage({ error: 'No such user.' }), 404);
      return c.html(views.loginPage({ error: 'Wrong password.', username: form.username ?? '' }), 401);
    }

    const session = c.get('session');
    session.regenerate();
    session.set('userId', user.id);

    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
