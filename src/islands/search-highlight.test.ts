/** The pure parts of search highlighting (the highlighting itself runs in the browser: test/e2e/search.spec.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { highlightExclusions, highlightHref, highlightWords } from './search-highlight';

const base = 'http://localhost:4321/lessons/01-understanding-sessions/';

describe('search highlight links', () => {
  it('a result link carries each word of the query, before the anchor', () => {
    expect(highlightHref('/lessons/05-session-security/#two-attacks', 'session fixation', base)).toBe(
      '/lessons/05-session-security/?highlight=session&highlight=fixation#two-attacks',
    );
    expect(highlightHref('/lessons/06-token-logout/#jti', 'jti', base)).toBe(
      '/lessons/06-token-logout/?highlight=jti#jti',
    );
  });

  it('quotes of a phrase search, repeated words, case and extra spaces do not reach the page', () => {
    expect(highlightWords('"Session fixation"')).toEqual(['session', 'fixation']);
    expect(highlightWords('  logout   LOGOUT “cookie” ')).toEqual(['logout', 'cookie']);
    expect(highlightWords('   ')).toEqual([]);
  });

  it('characters that mean something in a URL are encoded, and old highlight parameters are replaced', () => {
    const href = highlightHref('/reference/expert-zone/?highlight=old#x', 'a&b=c #d', base);
    expect(href).toBe('/reference/expert-zone/?highlight=a%26b%3Dc&highlight=%23d#x');
    expect(new URL(href, base).searchParams.getAll('highlight')).toEqual(['a&b=c', '#d']);
  });

  it('keeps other parameters, such as a learning mode', () => {
    expect(highlightHref('/lessons/03-basic-logout-route/?mode=quiz#a', 'csrf', base)).toBe(
      '/lessons/03-basic-logout-route/?mode=quiz&highlight=csrf#a',
    );
  });

  it('leaves alone exactly what the search index leaves out (package.json `build`), and what is inside it', () => {
    const build = (
      JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
        scripts: { build: string };
      }
    ).scripts.build;
    const excluded = /--exclude-selectors '([^']+)'/
      .exec(build)?.[1]
      ?.split(',')
      .map((s) => s.trim());
    expect(excluded, 'the build script names --exclude-selectors').toBeDefined();
    const expected = [...(excluded ?? []), '[data-pagefind-ignore]'].flatMap((s) => [s, `${s} *`]);
    expect([...highlightExclusions].sort()).toEqual(expected.sort());
  });
});
