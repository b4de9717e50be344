/**
 * <code-tabs>: turns stacked Flask/Hono blocks into an ARIA tablist (arrow keys, Home, End).
 * The chosen language is remembered and applied to every code-tabs on the page, so a learner
 * who reads Hono keeps seeing Hono.
 */
import { STORAGE_KEYS } from '../storage-keys';

const KEY = STORAGE_KEYS.codeLanguage;
const EVENT = 'code-language';
let counter = 0;

function remembered(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

class CodeTabs extends HTMLElement {
  connectedCallback() {
    const tablist = this.querySelector<HTMLElement>('[data-tablist]');
    const tabs = [...this.querySelectorAll<HTMLButtonElement>('[data-tablist] button')];
    const panels = [...this.querySelectorAll<HTMLElement>('[data-panel]')];
    if (!tablist || tabs.length < 2 || tabs.length !== panels.length) return;

    const base = `code-tabs-${++counter}`;
    tablist.setAttribute('role', 'tablist');
    tablist.setAttribute('aria-label', 'Code language');
    tabs.forEach((tab, i) => {
      const panel = panels[i] as HTMLElement;
      tab.id = `${base}-tab-${i}`;
      panel.id = `${base}-panel-${i}`;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', panel.id);
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      panel.querySelector('[data-label]')?.setAttribute('hidden', '');
    });

    const select = (index: number, focus: boolean) => {
      tabs.forEach((tab, i) => {
        const selected = i === index;
        tab.setAttribute('aria-selected', String(selected));
        tab.tabIndex = selected ? 0 : -1;
        (panels[i] as HTMLElement).hidden = !selected;
      });
      if (focus) tabs[index]?.focus();
    };
    const indexOf = (lang: string | null) =>
      Math.max(
        0,
        tabs.findIndex((t) => t.dataset['lang'] === lang),
      );
    const choose = (index: number, focus: boolean) => {
      select(index, focus);
      const lang = tabs[index]?.dataset['lang'] ?? '';
      try {
        localStorage.setItem(KEY, lang);
      } catch {
        // Not remembered; this page still switches.
      }
      document.dispatchEvent(new CustomEvent(EVENT, { detail: { lang, source: this } }));
    };

    tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => choose(i, false));
      tab.addEventListener('keydown', (event) => {
        const last = tabs.length - 1;
        const next = {
          ArrowRight: i === last ? 0 : i + 1,
          ArrowLeft: i === 0 ? last : i - 1,
          Home: 0,
          End: last,
        }[event.key];
        if (next === undefined) return;
        event.preventDefault();
        choose(next, true);
      });
    });
    document.addEventListener(EVENT, (event) => {
      const { lang, source } = (event as CustomEvent<{ lang: string; source: unknown }>).detail;
      if (source !== this) select(indexOf(lang), false);
    });

    select(indexOf(remembered()), false);
    this.dataset['ready'] = '';
  }
}

customElements.define('code-tabs', CodeTabs);
