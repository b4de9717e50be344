/**
 * <site-search>: a search box over the Pagefind index in /pagefind/. Pagefind's script loads on
 * the first focus or keystroke only (a dynamic import of a same-origin URL the bundler leaves
 * alone), so pages pay nothing for search until it is used. "/" focuses the box unless the
 * learner is typing somewhere; Escape closes the results; arrow keys move between them.
 */
import { highlightHref } from './search-highlight';

interface SubResult {
  title: string;
  url: string;
  excerpt: string;
  anchor?: { id?: string };
  /** Set on sections where the exact phrase was found. */
  exact?: boolean;
  weighted_locations?: { balanced_score?: number }[];
}
interface ResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: SubResult[];
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init?(): Promise<void>;
  search(term: string): Promise<Search>;
  debouncedSearch(term: string, options?: Record<string, unknown>, ms?: number): Promise<Search | null>;
}
interface Search {
  results: { id: string; data(): Promise<ResultData> }[];
}

const MAX_PAGES = 6;
const MAX_SECTIONS = 3;

let pagefind: Promise<Pagefind> | undefined;

function loadPagefind(): Promise<Pagefind> {
  // A URL built at run time: the bundler must not try to resolve a file that exists only after `pagefind` ran.
  const url = new URL('/pagefind/pagefind.js', location.href).href;
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (module) => {
    await module.options({ excerptLength: 16 });
    await module.init?.();
    return module;
  });
  pagefind.catch(() => (pagefind = undefined));
  return pagefind;
}

/** Pagefind excerpts are HTML with <mark>: keep the text and the marks, nothing else. */
function excerptNodes(html: string): Node[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  const out: Node[] = [];
  for (const node of template.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) out.push(document.createTextNode(node.textContent ?? ''));
    else if (node instanceof Element) {
      const text = document.createTextNode(node.textContent ?? '');
      if (node.localName === 'mark') {
        const mark = document.createElement('mark');
        mark.append(text);
        out.push(mark);
      } else out.push(text);
    }
  }
  return out;
}

function typingSomewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    /^(?:INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
    Boolean(target.closest('.cm-editor'))
  );
}

const score = (s: SubResult) =>
  (s.weighted_locations ?? []).reduce((sum, w) => sum + (w.balanced_score ?? 0), 0);
/** How many different query words a section's excerpt highlights: a section naming all of them ranks first. */
const marked = (s: SubResult) =>
  new Set([...s.excerpt.matchAll(/<mark>([^<]*)<\/mark>/gi)].map((m) => (m[1] ?? '').toLowerCase())).size;
const bySection = (a: SubResult, b: SubResult) =>
  Number(Boolean(b.exact)) - Number(Boolean(a.exact)) || marked(b) - marked(a) || score(b) - score(a);

/**
 * Several words: pages holding the exact phrase come first (Pagefind's quoted search), and the
 * section where the phrase stands leads that page's sections; then pages matching the words anywhere.
 * Resolves to null when a newer keystroke superseded the search.
 */
async function find(engine: Pagefind, term: string): Promise<{ total: number; pages: ResultData[] } | null> {
  const loose = await engine.debouncedSearch(term, {}, 150);
  if (!loose) return null;
  const exact = /\s/.test(term) && !term.includes('"') ? await engine.search(`"${term}"`) : { results: [] };
  const looseById = new Map(loose.results.map((r) => [r.id, r]));
  const exactById = new Map(exact.results.map((r) => [r.id, r]));
  const ids = [...new Set([...exactById.keys(), ...looseById.keys()])];
  const pages = await Promise.all(
    ids.slice(0, MAX_PAGES).map(async (id) => {
      const [e, l] = await Promise.all([exactById.get(id)?.data(), looseById.get(id)?.data()]);
      const phrase = (e?.sub_results ?? []).map((sub) => ({ ...sub, exact: true }));
      const words = (l?.sub_results ?? []).filter((sub) => !phrase.some((p) => p.url === sub.url));
      return { ...((e ?? l) as ResultData), sub_results: [...phrase, ...words] };
    }),
  );
  return { total: ids.length, pages };
}

class SiteSearch extends HTMLElement {
  connectedCallback() {
    const box = this.querySelector<HTMLElement>('[data-search-box]');
    const input = this.querySelector<HTMLInputElement>('[data-search-input]');
    const panel = this.querySelector<HTMLElement>('[data-search-panel]');
    const list = this.querySelector<HTMLElement>('[data-search-results]');
    const status = this.querySelector<HTMLElement>('[data-search-status]');
    const note = this.querySelector<HTMLElement>('[data-search-note]');
    if (!box || !input || !panel || !list || !status || !note) return;

    let latest = '';
    const say = (text: string) => {
      status.textContent = text;
      note.textContent = text;
    };
    const close = () => (panel.hidden = true);
    const open = () => (panel.hidden = false);

    const link = (href: string, heading: string, page: string, excerpt: string, term: string) => {
      const a = document.createElement('a');
      // The landed page marks the query's words (./search-highlight).
      a.href = highlightHref(href, term, location.href);
      const title = document.createElement('span');
      title.className = 'search__heading';
      title.textContent = heading;
      const context = document.createElement('span');
      context.className = 'sr-only';
      context.textContent = heading === page ? '' : ` (${page})`;
      const text = document.createElement('span');
      text.className = 'search__excerpt';
      text.append(...excerptNodes(excerpt));
      a.append(title, context, text);
      a.addEventListener('click', close);
      return a;
    };

    const run = async () => {
      const term = input.value.trim();
      latest = term;
      if (!term) {
        list.replaceChildren();
        say('');
        close();
        return;
      }
      open();
      let engine: Pagefind;
      try {
        engine = await loadPagefind();
      } catch {
        say('Search is not available: the search index was not found. It is built by `npm run build`.');
        return;
      }
      const search = await find(engine, term);
      if (!search || term !== latest) return; // a newer keystroke superseded this search
      const { pages } = search;
      const items = pages.map((page) => {
        const pageTitle = page.meta.title ?? page.url;
        const li = document.createElement('li');
        const heading = document.createElement('p');
        heading.className = 'search__page';
        heading.textContent = pageTitle;
        const sections = document.createElement('ul');
        const anchored = (page.sub_results ?? []).filter((s) => s.url.includes('#')).sort(bySection);
        const hits = anchored
          .slice(0, MAX_SECTIONS)
          .map((s) => link(s.url, s.title, pageTitle, s.excerpt, term));
        if (!hits.length) hits.push(link(page.url, pageTitle, pageTitle, page.excerpt, term));
        for (const hit of hits) {
          const item = document.createElement('li');
          item.append(hit);
          sections.append(item);
        }
        li.append(heading, sections);
        return li;
      });
      list.replaceChildren(...items);
      const count = search.total;
      say(count ? `${count} page${count === 1 ? '' : 's'} match “${term}”.` : `Nothing matches “${term}”.`);
    };

    // Focus warms Pagefind up; results reopen on a click or a keystroke, not on focus, so Escape
    // followed by focus returning to the box leaves them closed.
    input.addEventListener('focus', () => void loadPagefind().catch(() => undefined));
    input.addEventListener('click', () => {
      if (input.value.trim() && list.childElementCount) open();
    });
    input.addEventListener('input', () => void run());
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        if (!panel.hidden) close();
        else input.blur();
        event.preventDefault();
      } else if (event.key === 'ArrowDown') {
        const first = list.querySelector<HTMLElement>('a');
        if (first) {
          event.preventDefault();
          open();
          first.focus();
        }
      } else if (event.key === 'Enter') {
        const first = list.querySelector<HTMLAnchorElement>('a');
        if (first) {
          event.preventDefault();
          first.click();
        }
      }
    });
    list.addEventListener('keydown', (event) => {
      const links = [...list.querySelectorAll<HTMLElement>('a')];
      const index = links.indexOf(document.activeElement as HTMLElement);
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const next = index + (event.key === 'ArrowDown' ? 1 : -1);
        (next < 0 ? input : (links[Math.min(next, links.length - 1)] ?? input)).focus();
      } else if (event.key === 'Escape') {
        close();
        input.focus();
      }
    });
    document.addEventListener('keydown', (event) => {
      if (
        event.key !== '/' ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        typingSomewhere(event.target)
      )
        return;
      event.preventDefault();
      input.focus();
      input.select();
    });
    document.addEventListener('click', (event) => {
      if (!this.contains(event.target as Node)) close();
    });
    this.addEventListener('focusout', (event) => {
      if (!this.contains(event.relatedTarget as Node | null) && event.relatedTarget) close();
    });

    box.hidden = false;
  }
}

customElements.define('site-search', SiteSearch);
