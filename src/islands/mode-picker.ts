/**
 * <mode-picker>: the home page's default learning mode. Shows the saved choice, saves a new one
 * and says so in its status line. Storage errors leave the choice for this visit only.
 */
import { MODE_KEY, modeById, parseMode } from '../modes';

class ModePicker extends HTMLElement {
  connectedCallback() {
    const radios = [...this.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    const status = this.querySelector<HTMLElement>('[data-picker-status]');
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(MODE_KEY);
    } catch {
      // Storage disabled: deep dive stays the default.
    }
    const mode = parseMode(saved);
    for (const radio of radios) {
      if (mode) radio.checked = radio.value === mode;
      radio.addEventListener('change', () => {
        const chosen = parseMode(radio.value);
        if (!chosen || !radio.checked) return;
        let kept = true;
        try {
          localStorage.setItem(MODE_KEY, chosen);
        } catch {
          kept = false;
        }
        if (status) {
          status.textContent = kept
            ? `Saved: lessons open in ${modeById(chosen).label}. You can switch on any lesson page.`
            : `This browser does not let the site save your choice, so pick ${modeById(chosen).label} on each lesson page.`;
        }
      });
    }
    this.hidden = false;
  }
}

customElements.define('mode-picker', ModePicker);
