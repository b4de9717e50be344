/**
 * Starter: what the learner sees first. It must compile and fail at least one check of the lab
 * (`npm run lab -- verify` proves it). Leave the TODO where the learner's work goes.
 *
 * The session is Flask-style: a signed cookie holding { userId, theme, ... }.
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
