import { describe, expect, it } from 'vitest';
import { escapeHtml, isTheme, views } from './index';

describe('views', () => {
  it('escapes every interpolated value', () => {
    expect(escapeHtml(`<script>"x"&'y'</script>`)).toBe(
      '&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;',
    );
    const page = views.loginPage({ error: '<b>bad</b>', next: '/x"><script>', username: '"><img>' });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>bad</b>');
    expect(page).toContain('&quot;&gt;&lt;img&gt;');
  });

  it('renders a POST logout form with the CSRF token on the dashboard', () => {
    const html = views.dashboard({
      user: { id: '1', username: 'alice', name: 'Alice' },
      theme: 'dark',
      csrfToken: 'tok"en',
      store: 'server',
    });
    expect(html).toMatch(
      /<form method="post" action="\/logout">\s*<input type="hidden" name="csrf_token" value="tok&quot;en">/,
    );
    expect(html).toContain('action="/logout-all"');
  });

  it('knows the two themes', () => {
    expect(isTheme('dark')).toBe(true);
    expect(isTheme('blue')).toBe(false);
    expect(views.settings({ theme: 'dark', user: null })).toContain('<option value="dark" selected>');
  });
});
