/**
 * The claims a fact audit corrected (issue 15), pinned where they are written: the lessons, the
 * reference pages and `docs/security-reference.md`. Each corrected fact was confirmed by running the
 * package; the behaviour itself is pinned by `test/flask/` (Flask, Flask-Login, Flask-WTF), by
 * `lesson-6-code.test.ts`, and by the Hono test at the end of this file. These tests keep the old
 * wording from coming back and the new teaching from being dropped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Every page a learner reads: lesson pages and reference pages. */
const pages = readdirSync(join(root, 'lessons'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.mdx'))
  .map((file) => relative(root, join(root, 'lessons', file)))
  .sort();

const lesson = (n: string) => {
  const file = pages.find((page) => page.startsWith(`lessons/${n}-`) && page.endsWith('/index.mdx'));
  if (!file) throw new Error(`no lesson ${n}`);
  return read(file);
};
const reference = (name: string) => read(`lessons/reference/${name}.mdx`);

/** The pages whose text matches, for messages that name them. */
const pagesMatching = (pattern: RegExp) => pages.filter((page) => pattern.test(read(page)));

/** One section of a page, by its title, up to the section's end. */
function section(text: string, title: string): string {
  const start = text.indexOf(`title="${title}"`);
  if (start < 0) throw new Error(`no section titled "${title}"`);
  return text.slice(start, text.indexOf('</Section>', start));
}

/** The fenced python blocks of a page. */
const pythonBlocks = (text: string) => [...text.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('the course pages', () => {
  it('are found', () => expect(pages.length).toBeGreaterThanOrEqual(14));
});

describe('1. Flask-Login and X-Forwarded-For', () => {
  it('never cites a Flask-Login 0.7.0, which has not been released', () => {
    expect(pagesMatching(/0\.7\.0/)).toEqual([]);
  });

  it.each([
    ['lesson 4', () => section(lesson('04'), 'Session protection and the _id key')],
    ['under the hood', () => reference('under-the-hood')],
  ])('%s says 0.6 trusts the client-supplied header, and how ProxyFix fits', (_, text) => {
    const t = text();
    expect(t).toContain('_get_remote_addr()');
    expect(t).toMatch(/0\.6\.3/);
    expect(t).toMatch(/X-Forwarded-For: <the victim's address>/);
    expect(t).toMatch(/ProxyFix/);
    expect(t).toMatch(/`x_for`/);
    expect(t).toMatch(/drop/);
  });
});

describe('2. cookie lifetimes over 400 days', () => {
  it('no page calls 400 days a mere cap', () => {
    expect(pagesMatching(/capped at 400 days|400-day cap/i)).toEqual([]);
  });

  it.each([
    ['under the hood', () => reference('under-the-hood')],
    ['expert zone', () => reference('expert-zone')],
    ['lesson 4', () => lesson('04')],
    ['production patterns', () => reference('production-patterns')],
  ])('%s teaches that Hono throws (a 500)', (_, text) => {
    expect(text()).toMatch(/400 days[^\n]*throw|throws?[^\n]*400 days|over 400 days, setCookie throws/);
    expect(text()).toMatch(/500/);
  });

  it('and that browsers cap them (RFC 6265bis)', () => {
    for (const text of [reference('under-the-hood'), reference('expert-zone')])
      expect(text).toContain('RFC 6265bis');
  });

  it('Hono 4.13 really answers 500 for a maxAge or expires past 400 days', async () => {
    const day = 24 * 60 * 60;
    const app = new Hono();
    app.onError((error, c) => c.text(error.message, 500)); // Hono's default handler would log it
    app.post('/remember/:days', (c) => {
      setCookie(c, 'remember', 'token', { maxAge: Number(c.req.param('days')) * day });
      return c.text('ok');
    });
    app.post('/expires/:days', (c) => {
      setCookie(c, 'remember', 'token', {
        expires: new Date(Date.now() + Number(c.req.param('days')) * day * 1000),
      });
      return c.text('ok');
    });
    expect((await app.request('/remember/400', { method: 'POST' })).status).toBe(200);
    const refused = await app.request('/remember/401', { method: 'POST' });
    expect([refused.status, await refused.text()]).toEqual([
      500,
      'Cookies Max-Age SHOULD NOT be greater than 400 days (34560000 seconds) in duration.',
    ]);
    expect((await app.request('/expires/399', { method: 'POST' })).status).toBe(200);
    expect((await app.request('/expires/401', { method: 'POST' })).status).toBe(500);
  });
});

describe('3. a cross-site <img> and third-party cookies', () => {
  it('no page says Firefox or Safari send the cookie with it', () => {
    expect(pagesMatching(/Firefox or Safari|in Firefox or Safari/)).toEqual([]);
  });

  it.each([
    ['lesson 5', () => section(lesson('05'), 'Forced logout, in detail')],
    [
      'common pitfalls',
      () => section(reference('common-pitfalls'), 'Pitfall 3: a GET logout without CSRF protection'),
    ],
  ])(
    '%s names Safari 13.1, Firefox partitioning, and top-level navigation as the reason GET stays wrong',
    (_, text) => {
      const t = text();
      expect(t).toContain('13.1');
      expect(t).toMatch(/Firefox[^.]*(separate|jar)/);
      expect(t).toMatch(/top-level navigation/);
    },
  );
});

describe('4. a deletion cookie with the wrong path', () => {
  it('never "creates a second cookie"', () => {
    expect(pagesMatching(/second cookie/)).toEqual([]);
  });

  it('under the hood agrees with lesson 3: nothing is created and the real cookie survives', () => {
    const t = reference('under-the-hood');
    expect(t).toMatch(/creates nothing/);
    expect(t).toMatch(/RFC 6265\s+§5\.3/);
    expect(t).toMatch(/real cookie survives/);
    expect(lesson('03')).toMatch(/the original stays/);
  });
});

describe('5. docs/security-reference.md agrees with the run against Flask 2.2.2', () => {
  const doc = read('docs/security-reference.md');
  const part = (from: string, to: string) => doc.slice(doc.indexOf(from), doc.indexOf(to, doc.indexOf(from)));
  const scores = part('### 4.4', '## 5.');
  const open = doc.slice(doc.indexOf('## 5. Open points'));

  it('§4.4: the quickstart fails LO-07 (KeyError, 500), not LO-10', () => {
    expect(scores).toContain('run against Flask 2.2.2 / Flask-Login 0.6.2 / Flask-WTF 1.1.1');
    expect(scores).not.toMatch(/UNVERIFIED/);
    expect(scores).toMatch(/LO-07 \(`session\.pop\('username'\)` without a default raises KeyError/);
    expect(scores).toMatch(/\*\*Not LO-10 as run\*\*/);
  });

  it('§5: WTF_CSRF_METHODS is settled as POST, PUT, PATCH, DELETE', () => {
    expect(open).toMatch(/Settled[^\n]*`WTF_CSRF_METHODS` defaults to POST, PUT, PATCH, DELETE/);
    expect(open).not.toMatch(/believed to be/);
  });

  it('carries the corrections of the audit instead of the old claims', () => {
    expect(doc).not.toMatch(/create a second cookie|creates a second cookie/);
    expect(doc).not.toMatch(/Since 0\.7\.0 it never reads/);
    expect(doc).toMatch(/400 days\*\*[^\n]*\*\*throw\*\*[^\n]*500/);
  });
});

describe('Gaps: Flask-Session, @login_required, Flask-WTF 400s', () => {
  it("lesson 5's Flask-Session sample sets SESSION_PERMANENT=False and a __Host- name, like its Hono twin", () => {
    const sample = pythonBlocks(section(lesson('05'), 'Keep the session on the server'))[0] ?? '';
    expect(sample).toMatch(/SESSION_PERMANENT=False/);
    expect(sample).toMatch(/SESSION_COOKIE_NAME="__Host-sid"/);
  });

  it("production patterns' checklist names SESSION_PERMANENT = False and a __Host- session cookie name", () => {
    const checklist = section(reference('production-patterns'), 'The checklist');
    expect(checklist).toMatch(/SESSION_PERMANENT = False/);
    expect(checklist).toMatch(/SESSION_COOKIE_NAME = "__Host-sid"/);
  });

  it('no Flask logout view carries @login_required', () => {
    const offenders = pages.flatMap((page) =>
      pythonBlocks(read(page))
        .filter((code) =>
          /@app\.(?:post|route|get)\("\/logout[^"]*"[^\n]*\n(?:@[^\n]*\n)*@login_required/.test(code),
        )
        .map(() => page),
    );
    expect(offenders).toEqual([]);
  });

  it('lesson 4 says why the decorator stays off (a second logout would get 401)', () => {
    expect(lesson('04')).toMatch(/no `@login_required`[\s\S]{0,400}401/);
  });

  it('lesson 5 teaches both Flask-WTF 400s on a logout POST, and what to do', () => {
    const t = section(lesson('05'), 'When Flask-WTF refuses a logout');
    expect(t).toMatch(/WTF_CSRF_TIME_LIMIT/);
    expect(t).toMatch(/3600 seconds/);
    expect(t).toMatch(/WTF_CSRF_TIME_LIMIT = None/);
    expect(t).toMatch(/CSRFError/);
    expect(t).toMatch(/Referer/);
    expect(t).toMatch(/strict-origin-when-cross-origin/);
  });

  it("lesson 5 gives Flask-WTF's real default methods", () => {
    expect(lesson('05')).toMatch(/POST, PUT, PATCH and DELETE requests \(its default `WTF_CSRF_METHODS`\)/);
  });
});

describe('Nits', () => {
  it("lesson 1 says the Flask payload is zlib-compressed behind a leading dot ('.eJ')", () => {
    const t = section(lesson('01'), "What is inside Flask's session cookie");
    expect(t).toMatch(/zlib/);
    expect(t).toContain('`.eJ`');
  });

  it("lesson 4's code credits CSRF to lesson 3, where it is introduced", () => {
    const csrfComments = lesson('04')
      .split('\n')
      .filter((line) => /CSRFProtect\(app\)|app\.use\(csrf\(\)\)/.test(line));
    expect(csrfComments.length).toBeGreaterThanOrEqual(2);
    for (const line of csrfComments) expect(line).toMatch(/lesson 3/);
  });

  it('fixation from a sibling subdomain is stopped by __Host-, not by a narrower Domain', () => {
    expect(pagesMatching(/Domain` is too broad/)).toEqual([]);
    const t = section(lesson('05'), 'Two attacks that are easy to mix up');
    expect(t).toMatch(/sibling subdomain[\s\S]*host-only[\s\S]*`__Host-`/);
  });
});

describe('the original lesson', () => {
  it('is never mentioned to learners', () => {
    expect(pagesMatching(/original (Flask )?lesson|this course grew from/i)).toEqual([]);
  });
});
