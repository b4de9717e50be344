/**
 * Highlighting on the page a search result opens. A result's link carries the query's words as
 * `?highlight=word` parameters (see `highlightHref`); the landed page then loads Pagefind's own
 * highlighter (`/pagefind/pagefind-highlight.js`, Pagefind 1.x, mark.js inside) and marks those
 * words in the article. Pages opened any other way load nothing: the script is fetched only when
 * the parameter is there. It is a same-origin module, which the site's CSP (`script-src 'self'`)
 * allows; it adds no inline script, and its own inline style is switched off in favour of ours.
 */

export const HIGHLIGHT_PARAM = 'highlight';

/**
 * What the page should mark for a query: its words, without the quotes of a phrase search, each
 * once. Pagefind's highlighter marks each parameter on its own, so a phrase's words are marked
 * wherever they stand, like the words of the search itself.
 */
export function highlightWords(term: string): string[] {
  const words = term.replace(/["“”]/g, ' ').split(/\s+/).filter(Boolean);
  return [...new Set(words.map((w) => w.toLowerCase()))];
}

/** A result's URL with the query's words added as highlight parameters, before any #anchor. */
export function highlightHref(href: string, term: string, base: string): string {
  const url = new URL(href, base);
  url.searchParams.delete(HIGHLIGHT_PARAM);
  for (const word of highlightWords(term)) url.searchParams.append(HIGHLIGHT_PARAM, word);
  return url.origin === new URL(base).origin ? `${url.pathname}${url.search}${url.hash}` : url.href;
}

/** What Pagefind's highlighter must leave alone: the same parts the index leaves out (package.json `build`). */
export const highlightExclusions = [
  '.toc',
  '.lesson-footer',
  '.section__kind',
  '.section__anchor',
  '[data-lab-root] button',
  '[data-pagefind-ignore]',
].flatMap((selector) => [selector, `${selector} *`]);

interface PagefindHighlightOptions {
  highlightParam: string;
  markContext?: string | null;
  markOptions: { className: string; exclude: string[] };
  addStyles: boolean;
}
type PagefindHighlightClass = new (options: PagefindHighlightOptions) => unknown;

export function highlightLandedPage(): void {
  if (!new URLSearchParams(location.search).getAll(HIGHLIGHT_PARAM).some(Boolean)) return;
  // Built at run time: the file exists only once `pagefind` has run after `astro build`.
  const url = new URL('/pagefind/pagefind-highlight.js', location.href).href;
  (import(/* @vite-ignore */ url) as Promise<{ default: PagefindHighlightClass }>)
    .then(({ default: PagefindHighlight }) => {
      // No markContext: it marks inside [data-pagefind-body], the lesson article, as the index does.
      new PagefindHighlight({
        highlightParam: HIGHLIGHT_PARAM,
        markOptions: { className: 'search-highlight', exclude: highlightExclusions },
        addStyles: false,
      });
    })
    .catch(() => {
      // Without the highlighter the page still works and the link still lands on its heading.
    });
}
