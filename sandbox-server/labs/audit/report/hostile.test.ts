/**
 * A hostile target: its cookie values, Location headers and pages carry `<script>`, `</details>`
 * and backtick fences. The Markdown and HTML reports must show them as text, never as markup.
 */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { inProcess } from '../../../checks/transport';
import { auditCommand } from '../cli';

const EVIL = '</details><script>alert(1)</script>```';
const BASE = 'http://127.0.0.1:5000';

function hostileApp(): Hono {
  const app = new Hono();
  const form = `<form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Log in ${EVIL}</button></form>`;
  app.get('/', (c) => c.html(form));
  app.get('/login', (c) => c.html(form));
  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    if (body.password !== 'secret') return c.html(form, 401);
    // Written raw: a real app can send any bytes a header allows.
    c.header('Set-Cookie', `session=${EVIL.replace(/`/g, '')}; Path=/`, { append: true });
    return c.redirect(`/dashboard?${EVIL}`, 302);
  });
  app.get('/dashboard', (c) =>
    getCookie(c, 'session') === undefined
      ? c.redirect('/login', 302)
      : c.html(`<p>Hello alice ${EVIL}</p><a href="/logout">Log out</a>`),
  );
  app.get('/logout', (c) => {
    c.header('Set-Cookie', `session=; Max-Age=0; Path=/; X=${EVIL}`, { append: true });
    return c.redirect(`/login?bye=${EVIL}`, 302);
  });
  return app;
}

async function report(format: 'html' | 'markdown', secrets: boolean): Promise<string> {
  let stdout = '';
  await auditCommand(
    [
      BASE,
      '--user',
      'alice',
      '--password-env',
      'P',
      '--format',
      format,
      ...(secrets ? ['--show-secrets'] : []),
    ],
    {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      env: { P: 'secret' },
      colour: false,
      audit: { inner: inProcess(hostileApp().fetch, BASE) },
    },
  );
  return stdout;
}

describe('a hostile app cannot inject markup into the reports', () => {
  it('html: no <script>, every <details> ours and balanced, the hostile text shown escaped', async () => {
    for (const secrets of [false, true]) {
      const html = await report('html', secrets);
      expect(html).toContain('<h2>Failures</h2>');
      expect(html).not.toMatch(/<script/i);
      const opened = html.match(/<details>/g)?.length ?? 0;
      expect(opened).toBeGreaterThan(0);
      expect(html.match(/<\/details>/g)?.length).toBe(opened);
      // Each </details> closes the <pre> of a trace we wrote, nothing else.
      expect(html.match(/<\/pre><\/details>/g)?.length).toBe(opened);
      expect(html).toContain('&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    // Whole cookie values only with --show-secrets; by default a 6-character prefix.
    expect(await report('html', false)).toContain('session=&lt;/deta…');
  });

  it('markdown: outside our fences no "<" at all, and the fences close where we close them', async () => {
    for (const secrets of [false, true]) {
      const md = await report('markdown', secrets);
      expect(md).toContain('### Failures');
      const lines = md.split('\n');
      let fence: string | undefined;
      const outside: string[] = [];
      for (const line of lines) {
        if (fence === undefined) {
          const open = /^(`{3,})text$/.exec(line);
          if (open) fence = open[1];
          else outside.push(line);
        } else if (line === fence) fence = undefined;
        // Inside a fence a line that is only backticks would close it: none may be as long.
        else expect(/^`+$/.test(line) && line.length >= (fence?.length ?? 0)).toBe(false);
      }
      expect(fence).toBeUndefined();
      expect(outside.join('\n')).not.toContain('<');
      expect(outside.join('\n')).toContain('&lt;/details&gt;&lt;script&gt;');
    }
  });
});
