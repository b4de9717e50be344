/**
 * <mode-switcher data-page data-minutes data-lesson-title>: applies a learning mode to the lesson
 * body. Sections of other kinds get `hidden`; the shown ones are moved into the mode's order in
 * the DOM itself (not with CSS `order`), so reading order, tab order and screen readers all follow
 * what is on screen. Tables of contents follow the same cut.
 *
 * Mode on load: `?mode=` (a shared link), else the learner's remembered default, else deep dive.
 * Choosing a mode here remembers it and writes it into the URL without adding history entries.
 * A link to a section the mode hides (a search result, a shared #anchor) shows the whole lesson.
 *
 * This script runs before the lesson's other islands upgrade (its <script> comes first in the
 * page), so the first arrangement moves plain markup; later switches use moveBefore() where the
 * browser has it, which keeps a running lab's iframe and focus intact.
 */
import type { SectionKind } from '../content/section-kinds';
import {
  arrange,
  countWords,
  DEFAULT_MODE,
  MODE_KEY,
  MODE_PARAM,
  modeById,
  parseMode,
  readingMinutes,
  resolveMode,
  urlWithMode,
  type ModeId,
} from '../modes';
import { kindLabels } from '../content/section-kinds';
import { progress } from './progress';

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
    if (cursor !== element) place(parent, element, previous ? previous.nextElementSibling : parent.firstElementChild);
    previous = element;
  }
}

function list(items: string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

class ModeSwitcher extends HTMLElement {
  #mode: ModeId = DEFAULT_MODE;
  #deck: Promise<void> | undefined;

  connectedCallback() {
    const body = this.closest('article')?.querySelector<HTMLElement>('.lesson-body');
    const select = this.querySelector<HTMLSelectElement>('select');
    const status = this.querySelector<HTMLElement>('[data-mode-status]');
    const description = this.querySelector<HTMLElement>('[data-mode-description]');
    if (!body || !select || !status || !description) return;

    const pageId = this.dataset['page'] ?? '';
    const minutes = Number(this.dataset['minutes']) || 1;
    const sections = [...body.querySelectorAll<HTMLElement>(':scope > section[data-kind]')];
    const kinds = sections.map((s) => s.dataset['kind'] as SectionKind);
    const words = sections.map((s) => countWords(s.textContent ?? ''));
    const allWords = words.reduce((a, b) => a + b, 0);
    const panels = [...this.querySelectorAll<HTMLElement>('[data-panel]')];
    const empty = this.querySelector<HTMLElement>('[data-mode-empty]');
    const emptyText = this.querySelector<HTMLElement>('[data-mode-empty-text]');
    const quickMinutes = this.querySelector<HTMLElement>('[data-quick-minutes]');
    const tocs = [...document.querySelectorAll<HTMLElement>('.toc ol')].map((ol) => ({
      ol,
      items: sections.map((s) => {
        const id = s.querySelector('h2[id]')?.id;
        return id ? (ol.querySelector<HTMLElement>(`a[href="#${CSS.escape(id)}"]`)?.closest('li') ?? null) : null;
      }),
    }));

    const apply = (mode: ModeId, how: { announce?: string; remember?: boolean; url?: boolean } = {}) => {
      this.#mode = mode;
      const definition = modeById(mode);
      const order = arrange(kinds, mode);
      const shown = order.map((i) => sections[i] as HTMLElement);
      sections.forEach((section, i) => (section.hidden = !order.includes(i)));
      arrangeChildren(body, shown);
      for (const toc of tocs) {
        toc.items.forEach((li, i) => {
          if (li) li.hidden = !order.includes(i);
        });
        arrangeChildren(toc.ol, order.map((i) => toc.items[i]).filter((li): li is HTMLLIElement => Boolean(li)));
      }
      body.dataset['mode'] = mode;
      select.value = mode;
      description.textContent = definition.description;
      for (const panel of panels) panel.hidden = panel.dataset['panel'] !== definition.panel;

      const shownWords = order.reduce((sum, i) => sum + (words[i] ?? 0), 0);
      const time = readingMinutes(minutes, shownWords, allWords);
      if (quickMinutes) quickMinutes.textContent = `${time} min`;
      if (empty && emptyText) {
        empty.hidden = shown.length > 0;
        const none = `This lesson has no ${list(definition.kinds.map((k) => kindLabels[k].toLowerCase()))} sections`;
        emptyText.textContent = definition.panel ? `${none}.` : `${none}, so ${definition.label} shows nothing here.`;
      }
      if (definition.panel === 'score') this.#renderScore(pageId);
      if (definition.panel === 'flashcards') this.#loadDeck(pageId);

      if (how.remember) remember(mode);
      if (how.url) history.replaceState(history.state, '', urlWithMode(location.href, mode));
      if (how.announce !== undefined) {
        const extra = definition.panel === 'reading-time' ? ` About ${time} min of reading.` : '';
        status.textContent = `${how.announce}${definition.label}: showing ${shown.length} of ${sections.length} sections.${extra}`;
      }
    };

    /** A link into a section the mode hides must not land on nothing: show the whole lesson. */
    const revealTarget = (scroll: boolean) => {
      const id = decodeURIComponent(location.hash.slice(1));
      const target = id ? document.getElementById(id) : null;
      if (!target) return;
      const section = target.closest<HTMLElement>('section[data-kind]');
      if (section && sections.includes(section) && section.hidden) {
        apply(DEFAULT_MODE, { announce: 'The linked section is not part of the current mode, so the whole lesson is shown. ', url: true });
        scroll = true;
      }
      if (scroll) target.scrollIntoView();
    };

    select.addEventListener('change', () => {
      const mode = parseMode(select.value);
      if (mode) apply(mode, { announce: '', remember: true, url: true });
    });
    this.querySelector('[data-mode-all]')?.addEventListener('click', () => {
      apply(DEFAULT_MODE, { announce: '', url: true });
      select.focus();
    });
    addEventListener('hashchange', () => revealTarget(false));
    progress().subscribe(() => {
      if (modeById(this.#mode).panel === 'score') this.#renderScore(pageId);
    });

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

  #renderScore(pageId: string) {
    const score = this.querySelector('[data-quiz-score]');
    const answered = this.querySelector('[data-quiz-answered]');
    const page = progress().page(pageId);
    const ids = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)].map((e) => e.dataset['id'] ?? '');
    const predictions = ids('prediction-quiz');
    const myths = ids('myth-buster');
    const total = predictions.length + myths.length;
    const right = predictions.filter((id) => page.predictions[id]?.correct).length + myths.filter((id) => page.myths[id]?.correct).length;
    const done = predictions.filter((id) => page.predictions[id]).length + myths.filter((id) => page.myths[id]).length;
    if (score) score.textContent = `${right} of ${total}`;
    if (answered) answered.textContent = done < total ? `${total - done} of ${total} still to answer.` : 'All answered.';
  }

  #loadDeck(pageId: string) {
    const panel = this.querySelector<HTMLElement>('[data-panel="flashcards"]');
    if (!panel || this.#deck) return;
    // The deck's code loads only when a learner picks Flashcards: it is not part of the page weight.
    this.#deck = import('./flash-cards')
      .then(({ mountDeck }) => mountDeck(panel, { pageId, lessonTitle: this.dataset['lessonTitle'] ?? document.title }))
      .catch((error: unknown) => {
        this.#deck = undefined;
        const status = panel.querySelector('[data-deck-status]');
        if (status) status.textContent = `The flashcards could not load (${(error as Error).message}). Pick Flashcards again to retry.`;
      });
  }
}

customElements.define('mode-switcher', ModeSwitcher);
