/** <read-toggle data-page>: "Mark as read", pressed when the page is marked read in progress. */
import { progress } from './progress';

class ReadToggle extends HTMLElement {
  connectedCallback() {
    const page = this.dataset['page'];
    const button = this.querySelector('button');
    if (!page || !button) return;
    const render = () => button.setAttribute('aria-pressed', String(Boolean(progress().page(page).read)));
    button.addEventListener('click', () => {
      progress().markRead(page, button.getAttribute('aria-pressed') !== 'true');
      render();
    });
    render();
  }
}

customElements.define('read-toggle', ReadToggle);
