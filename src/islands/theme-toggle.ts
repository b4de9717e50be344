/**
 * <theme-toggle>: a pressed/unpressed "Dark mode" button. Pressing it pins the opposite of the
 * current theme; pinning the theme the system already uses clears the pin, so the page follows
 * the system again.
 */
import { STORAGE_KEYS } from '../storage-keys';

const THEME_KEY = STORAGE_KEYS.theme;

function save(theme: 'light' | 'dark' | undefined) {
  try {
    if (theme) localStorage.setItem(THEME_KEY, theme);
    else localStorage.removeItem(THEME_KEY);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}

class ThemeToggle extends HTMLElement {
  connectedCallback() {
    const button = this.querySelector('button');
    if (!button) return;
    const root = document.documentElement;
    const media = matchMedia('(prefers-color-scheme: dark)');
    const system = () => (media.matches ? 'dark' : 'light');
    const current = () =>
      root.dataset['theme'] === 'dark' || root.dataset['theme'] === 'light'
        ? root.dataset['theme']
        : system();
    const render = () => button.setAttribute('aria-pressed', String(current() === 'dark'));
    button.addEventListener('click', () => {
      const next = current() === 'dark' ? 'light' : 'dark';
      if (next === system()) delete root.dataset['theme'];
      else root.dataset['theme'] = next;
      save(root.dataset['theme'] as 'light' | 'dark' | undefined);
      render();
    });
    media.addEventListener('change', render);
    render();
  }
}

customElements.define('theme-toggle', ThemeToggle);
