/**
 * <mode-switcher data-page data-minutes data-lesson-title>: applies a learning mode to the lesson
 * body. Sections of other kinds get `hidden`; the shown ones are moved into the mode's order in
 * the DOM itself (not with CSS `order`), so reading order, tab order and screen readers all follow
 * what is on screen. Tables of contents follow the same cut (with Flashcards, they list the deck).
 *
 * Mode on load: `?mode=` (a shared link), else the learner's remembered default, else deep dive.
 * A mode picked here is shown at once and written into the URL without adding history entries;
 * it becomes the learner's default only once it is chosen, not while the learner arrows through
 * the closed select (Chromium fires `change` on every ArrowUp/ArrowDown there): a pick with the
 * mouse, Enter, or leaving the select commits it.
 * A link to a section the mode hides (a search result, a shared #anchor) shows the whole lesson.
 *
 * Hands-on shows the lab and the concepts its section names in `data-needs`. Flashcards hides the
 * takeaways and myths its cards are made from while the deck is loading or up (the answers would
 * otherwise sit under the deck), and shows them again if the deck fails to load.
 *
 * This script runs before the lesson's other islands upgrade (its <script> comes first in the
 * page), so the first arrangement moves plain markup; later switches use moveBefore() where the
 * browser has it, which keeps a running lab's iframe and focus intact.
 */
import type { SectionKind } from '../content/section-kinds';
import {
  arrange,
  DEFAULT_MODE,
  MODE_KEY,
  MODE_PARAM,
  modeById,
  parseMode,
  requiredKinds,
  resolveMode,
  urlWithMode,
  type ModeId,
  type SectionShape,
} from '../modes';
import { kindLabels } from '../content/section-kinds';
import { progress } from './progress';
import { renderQuizScore } from './quiz-score';

function remembered(): string | null {
  try {
    return localStorage.getItem(MODE_KEY);
  } catch {
    return null;
  }
}

function remember(mode: ModeId) {
  try {
    localStorage.setItem(MODE_KEY, mode);
  } catch {
    // Storage disabled: the mode lasts for this page and its URL.
  }
}

type Movable = Element & { moveBefore?: (node: Node, child: Node | null) => void };

function place(parent: Element, node: Element, before: Element | null) {
  if (before === node) return;
  const p = parent as Movable;
  if (typeof p.moveBefore === 'function') {
    try {
      p.moveBefore(node, before);
      return;
    } catch {
      // Not movable in place (a detached node, a cross-document move): fall back to a plain insert.
    }
  }
  parent.insertBefore(node, before);
}

/**
 * Puts `shown` in that order among `parent`'s children, moving only elements that are out of
 * order; hidden children may sit anywhere between them.
 */
function arrangeChildren(parent: Element, shown: readonly Element[]) {
  const set = new Set(shown);
  let previous: Element | null = null;
  for (const element of shown) {
    let cursor: Element | null = previous ? previous.nextElementSibling : parent.firstElementChild;
    while (cursor && cursor !== element && !set.has(cursor)) cursor = cursor.nextElementSibling;
    if (cursor !== element)
      place(parent, element, previous ? previous.nextElementSibling : parent.firstElementChild);
    previous = element;
  }
}

function list(items: string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Keys with which a closed select changes its value without being opened: browsing, not choosing. */
const browseKeys = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

type DeckState = 'idle' | 'loading' | 'ready' | 'failed';

class ModeSwitcher extends HTMLElement {
  #mode: ModeId = DEFAULT_MODE;
  #deck: DeckState = 'idle';
  /** Re-applies the current mode (after the deck loads or fails); set once connected. */
  #refresh: () => void = () => {};

  connectedCallback() {
    const body = this.closest('article')?.querySelector<HTMLElement>('.lesson-body');
    const select = this.querySelector<HTMLSelectElement>('select');
    const status = this.querySelector<HTMLElement>('[data-mode-status]');
    const description = this.querySelector<HTMLElement>('[data-mode-description]');
    if (!body || !select || !status || !description) return;

    const pageId = this.dataset['page'] ?? '';
    // Computed at build time from the lesson's prose (the panel shows the same figure).
    const quickMinutes = this.dataset['quickMinutes'] ?? '';
    const sections = [...body.querySelectorAll<HTMLElement>(':scope > section[data-kind]')];
    const shapes = sections.map((s): SectionShape => ({
      kind: s.dataset['kind'] as SectionKind,
      id: s.querySelector('h2[id]')?.id ?? '',
      needs: (s.dataset['needs'] ?? '').split(' ').filter(Boolean),
    }));
    const panels = [...this.querySelectorAll<HTMLElement>('[data-panel]')];
    const empty = this.querySelector<HTMLElement>('[data-mode-empty]');
    const emptyText = this.querySelector<HTMLElement>('[data-mode-empty-text]');
    const tocs = [...document.querySelectorAll<HTMLElement>('.toc ol')].map((ol) => ({
      ol,
      // The entry for the Flashcards deck (see Toc.astro): listed while the deck is the page's content.
      deck: ol.querySelector<HTMLLIElement>(':scope > li[data-toc-deck]'),
      items: sections.map((s) => {
        const id = s.querySelector('h2[id]')?.id;
        return id
          ? (ol.querySelector<HTMLElement>(`a[href="#${CSS.escape(id)}"]`)?.closest('li') ?? null)
          : null;
      }),
    }));

    const apply = (mode: ModeId, how: { announce?: string; url?: boolean } = {}) => {
      this.#mode = mode;
      const definition = modeById(mode);
      if (definition.panel === 'flashcards' && this.#deck === 'idle') this.#loadDeck(pageId);
      const order = arrange(shapes, mode);
      const shown = order.map((i) => sections[i] as HTMLElement);
      // The cards are made from these sections: on screen under the deck they would give the answers away.
      const onCards =
        definition.panel === 'flashcards' && (this.#deck === 'loading' || this.#deck === 'ready');
      const visible = new Set(onCards ? [] : order);
      sections.forEach((section, i) => (section.hidden = !visible.has(i)));
      arrangeChildren(body, shown);
      for (const toc of tocs) {
        toc.items.forEach((li, i) => {
          if (li) li.hidden = !visible.has(i);
        });
        const listed = order.map((i) => toc.items[i]).filter((li): li is HTMLLIElement => Boolean(li));
        if (toc.deck) toc.deck.hidden = definition.panel !== 'flashcards';
        arrangeChildren(toc.ol, toc.deck && !toc.deck.hidden ? [toc.deck, ...listed] : listed);
      }
      body.dataset['mode'] = mode;
      select.value = mode;
      description.textContent = definition.description;
      for (const panel of panels) panel.hidden = panel.dataset['panel'] !== definition.panel;

      if (empty && emptyText) {
        empty.hidden = shown.length > 0;
        const none = `This lesson has no ${list(requiredKinds(mode).map((k) => kindLabels[k].toLowerCase()))} sections`;
        emptyText.textContent = definition.panel
          ? `${none}.`
          : `${none}, so ${definition.label} shows nothing here.`;
      }
      if (definition.panel === 'score') renderQuizScore(pageId);

      if (how.url) history.replaceState(history.state, '', urlWithMode(location.href, mode));
      if (how.announce !== undefined) {
        const what =
          definition.panel === 'flashcards'
            ? `a deck of cards from ${shown.length} of ${sections.length} sections.`
            : `showing ${shown.length} of ${sections.length} sections.`;
        const extra =
          definition.panel === 'reading-time' && quickMinutes ? ` About ${quickMinutes} min of reading.` : '';
        status.textContent = `${how.announce}${definition.label}: ${what}${extra}`;
      }
    };
    this.#refresh = () => apply(this.#mode);

    /** A link into a section the mode hides must not land on nothing: show the whole lesson. */
    const revealTarget = (scroll: boolean) => {
      const id = decodeURIComponent(location.hash.slice(1));
      const target = id ? document.getElementById(id) : null;
      if (!target) return;
      const section = target.closest<HTMLElement>('section[data-kind]');
      if (section && sections.includes(section) && section.hidden) {
        apply(DEFAULT_MODE, {
          announce: 'The linked section is not part of the current mode, so the whole lesson is shown. ',
          url: true,
        });
        scroll = true;
      }
      if (scroll) target.scrollIntoView();
    };

    // Shown at once, saved as the default only when chosen (see the header comment).
    let browsing = false;
    let uncommitted = false;
    const commit = () => {
      if (!uncommitted) return;
      uncommitted = false;
      remember(this.#mode);
    };
    select.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') commit();
      // Type-ahead letters change a closed select too; Space opens it instead.
      else browsing = browseKeys.has(event.key) || (event.key.length === 1 && event.key !== ' ');
    });
    select.addEventListener('keyup', () => (browsing = false));
    select.addEventListener('pointerdown', () => (browsing = false));
    select.addEventListener('blur', commit);
    select.addEventListener('change', () => {
      const mode = parseMode(select.value);
      if (!mode) return;
      // Picking Flashcards again after the deck failed to load tries again.
      if (this.#deck === 'failed') this.#deck = 'idle';
      apply(mode, { announce: '', url: true });
      uncommitted = true;
      if (!browsing) commit();
    });
    this.querySelector('[data-mode-all]')?.addEventListener('click', () => {
      apply(DEFAULT_MODE, { announce: '', url: true });
      select.focus();
    });
    addEventListener('hashchange', () => revealTarget(false));
    // The score shows in the tables of contents in every mode, so any change (here or in another tab) rewrites it.
    progress().subscribe(() => renderQuizScore(pageId));

    const stored = remembered();
    if (stored !== null && !parseMode(stored)) {
      try {
        localStorage.removeItem(MODE_KEY);
      } catch {
        // Nothing to clean up without storage.
      }
    }
    const initial = resolveMode(new URLSearchParams(location.search).get(MODE_PARAM), stored);
    apply(initial);
    this.hidden = false;
    // The browser may already have scrolled to #anchor before sections moved: scroll again.
    revealTarget(initial !== DEFAULT_MODE);
  }

  #loadDeck(pageId: string) {
    const panel = this.querySelector<HTMLElement>('[data-panel="flashcards"]');
    if (!panel) return;
    this.#deck = 'loading';
    const status = panel.querySelector('[data-deck-status]');
    if (status) status.textContent = 'Loading the cards…';
    // The deck's code loads only when a learner picks Flashcards: it is not part of the page weight.
    import('./flash-cards')
      .then(({ mountDeck }) => {
        mountDeck(panel, { pageId, lessonTitle: this.dataset['lessonTitle'] ?? document.title });
        this.#deck = 'ready';
      })
      .catch((error: unknown) => {
        this.#deck = 'failed';
        // Without the deck, the takeaways and myths themselves are the next best thing: show them.
        if (modeById(this.#mode).panel === 'flashcards') this.#refresh();
        if (status)
          status.textContent = `The flashcards could not load (${(error as Error).message}), so the takeaways and myths are shown below instead. Pick Flashcards again to retry.`;
      });
  }
}

customElements.define('mode-switcher', ModeSwitcher);
