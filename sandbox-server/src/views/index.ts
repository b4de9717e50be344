/**
 * Small HTML pages for the lab's preview. Every interpolated value goes through `escapeHtml`.
 * Plain strings keep these templates readable for learners and identical in every runtime.
 */
import type { User } from '../users';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export type Theme = 'light' | 'dark';
export const THEMES: readonly Theme[] = ['light', 'dark'];

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

function layout(title: string, theme: string | undefined, body: string, user?: User | null): string {
  const dark = theme === 'dark';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Logout Lab</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;background:${dark ? '#16181d' : '#fff'};color:${dark ? '#e8e8e8' : '#1d1d1f'}}
a{color:${dark ? '#8ab4ff' : '#0b57d0'}}label{display:block;margin:.5rem 0}input,button,select{font:inherit}
.error{color:#b3261e}nav{display:flex;gap:1rem;margin-bottom:1rem}
</style>
</head>
<body>
<nav aria-label="Main"><a href="/">Home</a><a href="/dashboard">Dashboard</a><a href="/settings">Settings</a>${
    user ? `<span>Signed in as ${escapeHtml(user.username)}</span>` : '<a href="/login">Log in</a>'
  }</nav>
<main>
${body}
</main>
</body>
</html>`;
}

export interface Views {
  /** The home page's HTML, for a signed-in user or a visitor. */
  home(props: { user: User | null; theme: string | undefined }): string;
  /** The login form's HTML; `error` is shown above it (the same words for every failure). */
  loginPage(props: { error?: string; next?: string; username?: string; theme?: string | undefined }): string;
  /** The signed-in user's dashboard, with the logout forms. */
  dashboard(props: { user: User; theme: string | undefined; csrfToken: string; store: string }): string;
  /** The theme settings page. */
  settings(props: { theme: string | undefined; user: User | null }): string;
}

export const views: Views = {
  home({ user, theme }) {
    return layout(
      'Home',
      theme,
      `<h1>Logout Lab demo app</h1>
<p>${user ? `Welcome back, ${escapeHtml(user.name)}.` : 'You are not signed in.'}</p>
<p>Theme: <strong>${escapeHtml(theme ?? 'light')}</strong>.</p>
${user ? '<p><a href="/dashboard">Go to your dashboard</a></p>' : '<p><a href="/login">Log in</a> as alice or bob.</p>'}`,
      user,
    );
  },

  loginPage({ error, next, username, theme }) {
    return layout(
      'Log in',
      theme,
      `<h1>Log in</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login">
<label>Username <input name="username" autocomplete="username" value="${escapeHtml(username ?? '')}" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<label><input type="checkbox" name="remember" value="1"> Remember me on this device</label>
${next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">` : ''}
<button type="submit">Log in</button>
</form>`,
    );
  },

  dashboard({ user, theme, csrfToken, store }) {
    return layout(
      'Dashboard',
      theme,
      `<h1>Dashboard</h1>
<p>Signed in as <strong>${escapeHtml(user.name)}</strong> (${escapeHtml(user.username)}).</p>
<p>Session store: ${escapeHtml(store)}.</p>
<form method="post" action="/logout">
<input type="hidden" name="csrf_token" value="${escapeHtml(csrfToken)}">
<button type="submit">Log out</button>
</form>
<form method="post" action="/logout-all">
<input type="hidden" name="csrf_token" value="${escapeHtml(csrfToken)}">
<button type="submit">Log out on all devices</button>
</form>`,
      user,
    );
  },

  settings({ theme, user }) {
    const options = THEMES.map(
      (t) => `<option value="${t}"${t === (theme ?? 'light') ? ' selected' : ''}>${t}</option>`,
    ).join('');
    return layout(
      'Settings',
      theme,
      `<h1>Settings</h1>
<p>The theme is a harmless preference: it belongs to this browser, not to an account, and should survive logout.</p>
<form method="post" action="/prefs">
<label>Theme <select name="theme">${options}</select></label>
<button type="submit">Save</button>
</form>`,
      user,
    );
  },
};
