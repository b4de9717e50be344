/**
 * The Flashcards mode's deck, loaded on demand by <mode-switcher>. Cards are the page's own
 * takeaways, one card per item of a takeaway list (front: its opening words to complete, back:
 * the whole item), and myths (front: the claim, back: myth or fact, and the reality). Each review
 * is scheduled with Leitner boxes and saved in progress, so a reload, another day or an exported
 * progress file keeps the schedule.
 */
import { boxCounts, dueCards, nextDue } from '../modes/leitner';
import { progress } from './progress';

interface Card {
  id: string;
  front: () => Node[];
  back: () => Node[];
}

/**
 * Before one card per takeaway item, a whole takeaway section was one card with this id. Its
 * schedule is handed to the item cards that replaced it (see `migrations` in `collectCards`).
 */
const sectionCardId = (headingId: string) => `takeaway-${headingId}`;
/** One card per item: stable while the list keeps its order (heading id + position from 1). */
export const itemCardId = (headingId: string, index: number) => `takeaway-${headingId}-${index + 1}`;

/** Words a cue should not end on: it would stop just before the word that carries the meaning. */
const dangling = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'and',
  'or',
  'by',
  'in',
  'on',
  'at',
  'for',
  'with',
  'is',
  'are',
  'its',
  'your',
  'when',
  'that',
]);

/**
 * The front of a takeaway card: its first words, for the learner to complete from memory (about
 * two fifths of the item, 2 to 8 words plus any dangling little word, never all of it).
 */
export function takeawayCue(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return '…';
  let count = Math.min(words.length - 1, Math.max(2, Math.min(8, Math.round(words.length * 0.4))));
  while (count < words.length - 1 && dangling.has((words[count - 1] ?? '').toLowerCase())) count++;
  return `${words.slice(0, count).join(' ')} …`;
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

/** A list item's content for the back of a card: block children as they are, inline content in a paragraph. */
function itemBody(item: HTMLElement): Node[] {
  const copy = item.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('[id]').forEach((n) => n.removeAttribute('id'));
  if (copy.querySelector(':scope > p, :scope > ul, :scope > ol')) return [...copy.childNodes];
  const p = document.createElement('p');
  p.append(...copy.childNodes);
  return [p];
}

export interface Deck {
  cards: Card[];
  /** Old section-card id → the item-card ids that replaced it, for moving saved schedules over. */
  migrations: { from: string; to: string[] }[];
}

export function collectCards(root: ParentNode, lessonTitle: string): Deck {
  const cards: Card[] = [];
  const migrations: Deck['migrations'] = [];
  const takeaways = [...root.querySelectorAll<HTMLElement>('section[data-kind="takeaway"]')];
  for (const section of takeaways) {
    const heading = section.querySelector('h2[id]');
    if (!heading || !cardId.test(sectionCardId(heading.id))) continue;
    const where =
      takeaways.length > 1 ? `${lessonTitle}, “${heading.textContent?.trim() ?? ''}”` : lessonTitle;
    const items = [...section.querySelectorAll<HTMLElement>(':scope > ul > li, :scope > ol > li')];
    if (!items.length) {
      // A takeaway written as a paragraph stays one card.
      cards.push({
        id: sectionCardId(heading.id),
        front: () => [paragraph(`${where}: what should you remember?`)],
        back: () => sectionBody(section),
      });
      continue;
    }
    const ids = items.map((_, index) => itemCardId(heading.id, index)).filter((id) => cardId.test(id));
    if (ids.length !== items.length) continue;
    migrations.push({ from: sectionCardId(heading.id), to: ids });
    items.forEach((item, index) => {
      const text = (item.textContent ?? '').replace(/\s+/g, ' ').trim();
      cards.push({
        id: ids[index] as string,
        front: () => [
          paragraph(`Takeaway ${index + 1} of ${items.length} from ${where}. Complete it:`),
          paragraph(takeawayCue(text)),
        ],
        back: () => itemBody(item),
      });
    });
  }
  for (const myth of root.querySelectorAll<HTMLElement>('myth-buster[data-id]')) {
    const id = myth.dataset['id'] ?? '';
    if (!cardId.test(id)) continue;
    const claim = myth.querySelector('.myth__claim')?.textContent?.trim() ?? '';
    const reality = (myth.querySelector('.myth__reality')?.textContent ?? '')
      .replace(/^\s*Reality:\s*/, '')
      .trim();
    const truth = myth.dataset['answer'] === 'true';
    cards.push({
      id,
      front: () => [paragraph(claim, 'Myth or fact?')],
      back: () => [paragraph(reality, truth ? 'Fact.' : 'Myth.')],
    });
  }
  return { cards, migrations };
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

  const { cards, migrations } = collectCards(document, lessonTitle);
  for (const { from, to } of migrations) progress().splitCard(pageId, from, to);
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
