/**
 * The Flashcards mode's deck, loaded on demand by <mode-switcher>. Cards are the page's own
 * takeaway sections (front: a recall prompt, back: the takeaways) and myths (front: the claim,
 * back: myth or fact, and the reality). Each review is scheduled with Leitner boxes and saved in
 * progress, so a reload, another day or an exported progress file keeps the schedule.
 */
import { boxCounts, dueCards, nextDue } from '../modes/leitner';
import { progress } from './progress';

interface Card {
  id: string;
  front: () => Node[];
  back: () => Node[];
}

const cardId = /^[a-z0-9][a-z0-9/-]{0,99}$/;

function paragraph(text: string, strong?: string): HTMLParagraphElement {
  const p = document.createElement('p');
  if (strong) {
    const b = document.createElement('strong');
    b.textContent = strong;
    p.append(b, ' ');
  }
  p.append(text);
  return p;
}

/** The section's content without its kind label and heading, and without ids (they must stay unique). */
function sectionBody(section: HTMLElement): Node[] {
  const copy = section.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.section__kind, .section__heading').forEach((n) => n.remove());
  copy.querySelectorAll('[id]').forEach((n) => n.removeAttribute('id'));
  return [...copy.childNodes];
}

export function collectCards(root: ParentNode, lessonTitle: string): Card[] {
  const cards: Card[] = [];
  const takeaways = [...root.querySelectorAll<HTMLElement>('section[data-kind="takeaway"]')];
  for (const section of takeaways) {
    const heading = section.querySelector('h2[id]');
    const id = `takeaway-${heading?.id ?? ''}`;
    if (!heading || !cardId.test(id)) continue;
    const prompt =
      takeaways.length > 1
        ? `${lessonTitle}, “${heading.textContent?.trim() ?? ''}”: what should you remember?`
        : `${lessonTitle}: what should you remember?`;
    cards.push({ id, front: () => [paragraph(prompt)], back: () => sectionBody(section) });
  }
  for (const myth of root.querySelectorAll<HTMLElement>('myth-buster[data-id]')) {
    const id = myth.dataset['id'] ?? '';
    if (!cardId.test(id)) continue;
    const claim = myth.querySelector('.myth__claim')?.textContent?.trim() ?? '';
    const reality = (myth.querySelector('.myth__reality')?.textContent ?? '').replace(/^\s*Reality:\s*/, '').trim();
    const truth = myth.dataset['answer'] === 'true';
    cards.push({
      id,
      front: () => [paragraph(claim, 'Myth or fact?')],
      back: () => [paragraph(reality, truth ? 'Fact.' : 'Myth.')],
    });
  }
  return cards;
}

export function mountDeck(panel: HTMLElement, options: { pageId: string; lessonTitle: string }) {
  const { pageId, lessonTitle } = options;
  if (!pageId) throw new Error('mountDeck: pageId is required');
  const q = <T extends HTMLElement>(selector: string) => {
    const element = panel.querySelector<T>(selector);
    if (!element) throw new Error(`mountDeck: the panel has no ${selector}`);
    return element;
  };
  const status = q('[data-deck-status]');
  const card = q('[data-card]');
  const meta = q('[data-card-meta]');
  const front = q('[data-card-front]');
  const back = q('[data-card-back]');
  const show = q<HTMLButtonElement>('[data-card-show]');
  const grade = q('[data-card-grade]');
  const done = q('[data-deck-done]');
  const doneText = q('[data-deck-done-text]');

  const cards = collectCards(document, lessonTitle);
  const ids = cards.map((c) => c.id);
  const records = () => progress().page(pageId).cards ?? {};
  let queue = dueCards(ids, records(), new Date());
  let position = 0;
  let sessionSize = queue.length;

  const renderStatus = () => {
    if (!cards.length) {
      status.textContent = 'This lesson has no takeaways or myths to turn into cards.';
      return;
    }
    const due = dueCards(ids, records(), new Date()).length;
    const boxes = boxCounts(ids, records());
    status.textContent = `${cards.length} cards, ${due} due now. Cards per box (1 to 5): ${boxes.join(' · ')}.`;
  };

  const render = (focus: boolean) => {
    renderStatus();
    const current = cards.find((c) => c.id === queue[0]);
    card.hidden = !current;
    done.hidden = Boolean(current) || !cards.length;
    if (!current) {
      const next = nextDue(ids, records(), new Date());
      doneText.textContent = next
        ? `All caught up. The next card is due ${next.toLocaleString(undefined, { weekday: 'long', hour: 'numeric', minute: '2-digit' })}.`
        : 'All caught up.';
      if (focus) doneText.focus();
      return;
    }
    const box = records()[current.id]?.box ?? 1;
    meta.textContent = `Card ${Math.min(position + 1, sessionSize)} of ${sessionSize} · box ${box}`;
    front.replaceChildren(...current.front());
    back.replaceChildren(...current.back());
    back.hidden = true;
    grade.hidden = true;
    show.hidden = false;
    if (focus) front.focus();
  };

  show.addEventListener('click', () => {
    back.hidden = false;
    grade.hidden = false;
    show.hidden = true;
    back.focus();
  });
  const review = (knew: boolean) => {
    const id = queue.shift();
    if (!id) return;
    progress().reviewCard(pageId, id, knew);
    position++;
    // A missed card comes back at the end of this session (it is in box 1, due now).
    if (!knew) {
      queue.push(id);
      sessionSize++;
    }
    render(true);
  };
  q('[data-card-knew]').addEventListener('click', () => review(true));
  q('[data-card-missed]').addEventListener('click', () => review(false));
  q('[data-deck-all]').addEventListener('click', () => {
    queue = [...ids];
    position = 0;
    sessionSize = queue.length;
    render(true);
  });
  doneText.tabIndex = -1;
  render(false);
}
