/**
 * Short fixes for a failing check, keyed by check id and the guessed stack (../stack). Each one
 * agrees with docs/security-reference.md (§2 Flask and Flask-Login, §3 Hono, §4.3 the checks).
 * A stack not in the table gets no fix: a fix for the wrong framework is worse than none.
 */
import type { CheckId } from '../../../checks/types';
import { STACK_NAMES, type StackId } from '../stack';

export type FixTable = Partial<Record<CheckId, Partial<Record<StackId, string>>>>;

const FLASK_SERVER_STORE = 'use a server-side session store (Flask-Session), so logout deletes the record';

export const FIXES: FixTable = {
  'LO-01': {
    flask:
      "Log out only on POST: `@app.post('/logout')` (or `methods=['POST']`) with Flask-WTF's `CSRFProtect(app)`; the quickstart's GET /logout lets any link or <img> log the user out.",
    express:
      "Log out only on POST: `app.post('/logout', …)` behind CSRF protection (e.g. csrf-sync); drop `app.get('/logout')`.",
    hono: "Log out only on POST: `app.post('/logout', …)` behind `csrf()`; hono/csrf lets every GET through.",
  },
  'LO-02': {
    flask:
      "Protect the logout POST with Flask-WTF: `CSRFProtect(app)` and `{{ csrf_token() }}` in the logout form; also `SESSION_COOKIE_SAMESITE='Lax'`.",
    express:
      "Check a CSRF token on POST /logout (csrf-sync) and set `cookie: { sameSite: 'lax' }` in `session()`.",
    hono: "`app.use(csrf())` and the form's `csrf_token` on POST /logout; `sameSite: 'Lax'` on the session cookie.",
  },
  'LO-03': {
    flask:
      "Answer a logout with `redirect(url_for('login'), 303)`; never redirect to an unchecked `next` (Flask-Login's docs warn of open redirects).",
    express: "Answer with `res.redirect(303, '/login')`; never redirect to an unchecked `req.query.next`.",
    hono: "Answer with `c.redirect('/login', 303)`; never redirect to an unchecked `next`.",
  },
  'LO-04': {
    flask: `Flask's default session is a signed cookie with no server record: a copy keeps working after logout (up to PERMANENT_SESSION_LIFETIME, 31 days); ${FLASK_SERVER_STORE}.`,
    'flask-login': `\`logout_user()\` only pops _user_id, _fresh and _id from the cookie, so a copy of the old cookie still logs in. Keep \`logout_user()\` and ${FLASK_SERVER_STORE}.`,
    'express-session':
      "Call `req.session.destroy(cb)` in the logout route, so the store deletes the record, then `res.clearCookie('connect.sid', sameOptions)`.",
    hono: 'With the server store, log out with `await loginManager.logoutUser(c)`: it deletes the old record. A cookie-store session cannot be revoked.',
  },
  'LO-05': {
    flask:
      'End the login in the logout response itself: `logout_user()` or `session.clear()` before the redirect (a redirect alone logs nobody out).',
    'express-session':
      "`req.session.destroy()`, then `res.clearCookie('connect.sid', sameOptions)`, then the redirect.",
    hono: 'Call `await loginManager.logoutUser(c)` in the logout route before redirecting (a redirect alone logs nobody out).',
  },
  'LO-06': {
    flask:
      'Let Flask write the deletion: an emptied session (`session.clear()`) sends `session=; Max-Age=0` with the configured path and domain; do not hand-write `set_cookie` with another path.',
    'express-session':
      '`res.clearCookie(name, options)` with the same `path` and `domain` as `session({ cookie })`; other options leave a second cookie behind.',
    hono: '`deleteCookie(c, name, { path: "/", secure })` with the same path (and `__Host-` attributes) as at login.',
  },
  'LO-07': {
    flask:
      "Make logout safe when logged out: `session.pop('user_id', None)` with a default (a bare pop raises KeyError: 500), or Flask-Login's `logout_user()`.",
    'express-session':
      'Do not read `req.session.user.id` unguarded in logout; `req.session.destroy()` works on an anonymous session too.',
    hono: 'Handle a missing or unknown session cookie in logout: answer 303/204 as usual, never a 500.',
  },
  'LO-09': {
    flask: `Give the browser a new session after logout: with a server-side store (Flask-Session) an emptied session deletes the record and the cookie.`,
    'express-session':
      '`req.session.destroy()` at logout (not `delete req.session.user`), so the next visit gets a new id.',
    hono: '`await loginManager.logoutUser(c)`: with the server store it moves the preferences to a new id; popping `userId` alone keeps the old id.',
  },
  'LO-10': {
    flask:
      'Start a new session at login: `session.clear()` before writing the user (cookie session), or Flask-Session’s `app.session_interface.regenerate(session)` after writing the login data.',
    'flask-login':
      '`login_user()` does not regenerate the session: call `session.clear()` before it, or Flask-Session’s `app.session_interface.regenerate(session)` after it.',
    'express-session':
      'Call `req.session.regenerate(cb)` at login and set the user inside the callback: a new id, and the pre-login record deleted.',
    hono: 'Log in with `await loginManager.loginUser(c, user)`, or call `session.regenerate()` before `session.set(...)`: a new id, the old record deleted.',
  },
  'LO-11': {
    flask:
      'Use a strict server-side store (Flask-Session gives an unknown sid a fresh one) and regenerate at login with `app.session_interface.regenerate(session)`.',
    'express-session':
      '`req.session.regenerate(cb)` at login, so the id the browser came with is never the logged-in one.',
    hono: 'Never adopt an id the store did not issue: call `session.regenerate()` at login (`loginManager.loginUser` does), so a planted id never becomes the logged-in one.',
  },
  'LO-12': {
    flask:
      "Set `SESSION_COOKIE_SAMESITE='Lax'` (Flask's default is None), keep `SESSION_COOKIE_HTTPONLY=True`, set `SESSION_COOKIE_SECURE=True` over HTTPS, and no `SESSION_COOKIE_DOMAIN`.",
    'express-session':
      "`session({ cookie: { httpOnly: true, sameSite: 'lax', secure: true } })` (secure over HTTPS), no `domain`, no `maxAge` unless remember-me.",
    hono: "`setCookie(c, name, id, { httpOnly: true, sameSite: 'Lax', path: '/', secure })`: Hono's setCookie only sets Path=/ by default.",
  },
  'LO-13': {
    'flask-login':
      "Call `logout_user()` in the logout route: it sets `_remember='clear'` and Flask-Login's after_request hook deletes `remember_token` (REMEMBER_COOKIE_PATH/DOMAIN must match).",
    express: "`res.clearCookie('remember', sameOptions)` in logout, with the options it was set with.",
    hono: '`await remember.revoke(c)` in logout (`loginManager.logoutUser` does it): it deletes the token on the server and the cookie.',
  },
  'LO-14': {
    'flask-login':
      'Flask-Login\'s `remember_token` is stateless (`user_id|HMAC`): a copy survives logout. Make `get_id()` return an alternative id stored per user and change it at logout (the docs\' "Alternative Tokens"), or keep remember tokens in a table and delete the row in logout.',
    express:
      'Keep remember tokens in a table (store a hash) and delete the row at logout, not only the cookie.',
    hono: '`await remember.revoke(c)` in logout, which deletes the token on the server; deleting only the cookie leaves copies working.',
  },
  'LO-15': {
    flask:
      "Send `Cache-Control: no-store` on logged-in pages and the login and logout responses, e.g. `response.headers['Cache-Control'] = 'no-store'` in an `@app.after_request` hook.",
    express:
      "`res.set('Cache-Control', 'no-store')` on logged-in pages, login and logout (a small middleware).",
    hono: "`c.header('Cache-Control', 'no-store')` on logged-in pages, login and logout.",
  },
  'LO-16': {
    flask: `Add \`response.headers['Clear-Site-Data'] = '"cache", "storage"'\` to the logout response.`,
    express: `\`res.set('Clear-Site-Data', '"cache", "storage"')\` on the logout response.`,
    hono: `\`c.header('Clear-Site-Data', '"cache", "storage"')\` on the logout response.`,
  },
  'LO-17': {
    flask:
      'Keep one session per browser (Flask-Session keys records by sid) and delete only that one at logout.',
    'express-session':
      'Destroy only `req.session` at logout (express-session keys records by sid), not every session of the user.',
    hono: 'Key sessions by sid (`Map<sid, record>`), not by user id: logout ends this browser’s session only.',
  },
};

/** Framework families: a guess that spans two of them is contradictory, and gets no fix. */
const FAMILY: Record<StackId, string> = {
  flask: 'flask',
  'flask-login': 'flask',
  express: 'express',
  'express-session': 'express',
  hono: 'hono',
  django: 'django',
};

export interface Fix {
  /** The stack the fix is written for ("Flask-Login"). */
  stack: string;
  text: string;
}

/** The most specific fix for the check on the detected stacks, or undefined (unknown or mixed stack). */
export function fixFor(id: CheckId, stacks: readonly StackId[], table: FixTable = FIXES): Fix | undefined {
  if (new Set(stacks.map((s) => FAMILY[s])).size !== 1) return undefined;
  const entries = table[id];
  if (entries === undefined) return undefined;
  // Later stacks are the more specific ones (a library on its framework): they win.
  for (const stack of [...stacks].reverse()) {
    const text = entries[stack];
    if (text !== undefined) return { stack: STACK_NAMES[stack], text };
  }
  return undefined;
}
