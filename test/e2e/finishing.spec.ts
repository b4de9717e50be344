/**
 * Finishing the course: the home page's visual progress overview with its Resume link, the compact
 * pager at the top of lesson pages on a phone, and the last lesson's completion view. Progress is
 * seeded in localStorage from the outlines the home page itself carries (data-outline), so the
 * tests follow the lessons as they change.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, lessonPaths } from './helpers';

const KEY = 'logout-lab:progress';
const at = '2026-01-01T00:00:00.000Z';

interface Checkpoint {
  kind: 'prediction' | 'myth' | 'lab';
  section: string;
  title: string;
  ids: string[];
}
interface Outline {
  id: string;
  number: number;
  title: string;
  href: string;
  checkpoints: Checkpoint[];
}
type PageRecord = Record<string, unknown>;

async function outlines(page: Page): Promise<Outline[]> {
  await page.goto('/');
  return page
    .locator('[data-outline]')
    .evaluateAll((items) => items.map((item) => JSON.parse((item as HTMLElement).dataset['outline'] ?? '')));
}

/** Everything in a lesson done: read, every prediction and myth answered, the lab passed. */
function finished(outline: Outline): PageRecord {
  const predictions: Record<string, unknown> = {};
  const myths: Record<string, unknown> = {};
  for (const c of outline.checkpoints)
    for (const id of c.ids) {
      if (c.kind === 'prediction') predictions[id] = { choice: 0, correct: true, at };
      else myths[id] = { answer: false, correct: true, at };
    }
  const record: PageRecord = { read: at, predictions, myths };
  if (outline.checkpoints.some((c) => c.kind === 'lab'))
    record['lab'] = { passed: 7, total: 7, completed: true, at };
  return record;
}

/** Lesson 1 finished; lesson 2 with its predictions committed and nothing else. */
function partial(all: Outline[]): Record<string, PageRecord> {
  const [one, two] = all;
  if (!one || !two) throw new Error('the course needs two lessons');
  return {
    [one.id]: finished(one),
    [two.id]: { ...finished(two), myths: {}, read: undefined, lab: undefined },
  };
}

async function seed(page: Page, pages: Record<string, PageRecord>) {
  await page.evaluate(
    ([key, pages]) =>
      localStorage.setItem(key, JSON.stringify({ format: 'logout-lab-progress', version: 1, pages })),
    [KEY, JSON.parse(JSON.stringify(pages))] as const,
  );
}

/** In lesson 2 of `partial`, the first section left: the first one that is not a (committed) prediction. */
function firstLeftInTwo(all: Outline[]): { href: string; title: string } {
  const two = all[1];
  const section = two?.checkpoints.find((c) => c.kind !== 'prediction');
  if (!two || !section) throw new Error('lesson 2 needs a myth or a lab');
  return { href: `${two.href}#${section.section}`, title: section.title };
}

test('home: per-lesson bars with words, and Resume to the first unfinished section, before the mode cards', async ({
  page,
}) => {
  const all = await outlines(page);
  await seed(page, partial(all));
  await page.goto('/');
  const course = page.getByRole('region', { name: 'The six steps' });
  const [one, two] = all as [Outline, Outline];

  // Lesson 1: a bar per part, every one full, each with its words and a check mark.
  const first = course.locator(`[data-page="${one.id}"]`);
  const parts = 1 + new Set(one.checkpoints.map((c) => c.kind)).size;
  await expect(first.locator('[data-meter]')).toHaveCount(parts);
  await expect(first.locator('[data-meter][data-state="done"]')).toHaveCount(parts);
  await expect(first.locator('[data-meter="read"]')).toHaveText('Read');
  await expect(first.locator('[data-meter="lab"]')).toHaveText('Lab complete');
  await expect(first.locator('.course__resume')).toHaveCount(0);

  // Lesson 2: predictions full, myths empty; the bars are decoration, the words carry it.
  const second = course.locator(`[data-page="${two.id}"]`);
  const predictions = two.checkpoints.filter((c) => c.kind === 'prediction').flatMap((c) => c.ids).length;
  await expect(second.locator('[data-meter="predictions"]')).toHaveAttribute('data-state', 'done');
  await expect(second.locator('[data-meter="predictions"]')).toHaveText(
    `${predictions} of ${predictions} predictions committed`,
  );
  await expect(second.locator('[data-meter="myths"]')).toHaveAttribute('data-state', 'empty');
  await expect(second.locator('[data-meter="read"]')).toHaveText('Not read yet');
  for (const bar of await course.locator('.meter__bar').all())
    await expect(bar).toHaveAttribute('aria-hidden', 'true');
  const fills = await second
    .locator('.meter__fill')
    .evaluateAll((els) =>
      els.map(
        (el) => el.getBoundingClientRect().width / (el.parentElement?.getBoundingClientRect().width ?? 1),
      ),
    );
  expect(fills).toContain(1);
  expect(fills).toContain(0);

  // Resume: lesson 2's first section left, as a deep link to its anchor; the hero says the same.
  const target = firstLeftInTwo(all);
  const resume = course.locator('[data-resume]');
  await expect(resume).toHaveText(`Resume lesson 2 at “${target.title}”`);
  await expect(resume).toHaveAttribute('href', target.href);
  await expect(second.locator('.course__resume a')).toHaveAttribute('href', target.href);
  await expect(page.locator('a[data-course-resume]')).toHaveAttribute('href', target.href);

  // The overview comes before the nine mode cards.
  const picker = page.getByRole('region', { name: 'Choose how you learn' });
  await expect(picker.getByRole('radio')).toHaveCount(9);
  const before = await course.evaluate(
    (el, other) => Boolean(other && el.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING),
    await picker.elementHandle(),
  );
  expect(before).toBe(true);

  // The link lands on that section.
  await resume.click();
  await expect(page).toHaveURL(new RegExp(`${target.href.replace(/[/#]/g, '\\$&')}$`));
  const id = target.href.split('#')[1] ?? '';
  await expect(page.locator(`[id="${id}"]`)).toBeInViewport();
});

test('home: no progress starts lesson 1 at its top; everything done points to the completion view', async ({
  page,
}) => {
  const all = await outlines(page);
  const [one] = all as [Outline];
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const resume = page.locator('[data-resume]');
  await expect(resume).toHaveText(`Start lesson 1: ${one.title}`);
  await expect(resume).toHaveAttribute('href', one.href);
  await expect(page.locator('a[data-course-resume]')).toHaveText(`Start with lesson 1: ${one.title}`);

  await seed(page, Object.fromEntries(all.map((o) => [o.id, finished(o)])));
  await page.reload();
  const last = all[all.length - 1] as Outline;
  await expect(resume).toHaveText('The course is complete: see what you did');
  await expect(resume).toHaveAttribute('href', `${last.href}#course-complete`);
  await expect(page.locator('[data-page] [data-meter]:not([data-state="done"])')).toHaveCount(0);
  await resume.click();
  const view = page.locator('#course-complete');
  await expect(view).toBeInViewport();
  await expect(view.locator('[data-lead]')).toContainText(
    'Course complete: you did every part of all 6 lessons',
  );
  await expect(view.getByRole('heading', { name: 'What is left' })).toBeHidden();
  await expect(view.locator('[data-done] [data-meter]')).toHaveCount(4);
  await expect(view.locator('[data-done] [data-meter][data-state="done"]')).toHaveCount(4);
});

test('lesson 6 ends with what was done, what is left (with links), what next, and the cheat sheet', async ({
  page,
}) => {
  const all = await outlines(page);
  await seed(page, partial(all));
  const last = all[all.length - 1] as Outline;
  await page.goto(`${last.href}#course-complete`);
  const view = page.locator('#course-complete');
  await expect(view).toBeInViewport();
  await expect(view.getByRole('heading', { level: 2, name: 'Your course, start to finish' })).toBeVisible();
  await expect(view.locator('[data-lead]')).toHaveText(
    'You have finished 1 of 6 lessons. What is left is listed below, with a link straight to each part.',
  );

  // What you did: over the whole course, in words beside each bar.
  const done = view.locator('[data-done]');
  const count = (kind: Checkpoint['kind']) =>
    all.flatMap((o) => o.checkpoints.filter((c) => c.kind === kind).flatMap((c) => c.ids)).length;
  const committed = all
    .slice(0, 2)
    .flatMap((o) => o.checkpoints.filter((c) => c.kind === 'prediction').flatMap((c) => c.ids)).length;
  const answered = (all[0] as Outline).checkpoints
    .filter((c) => c.kind === 'myth')
    .flatMap((c) => c.ids).length;
  await expect(done.locator('[data-meter="read"]')).toHaveText('1 of 6 lessons read');
  await expect(done.locator('[data-meter="predictions"]')).toHaveText(
    `${committed} of ${count('prediction')} predictions committed, ${committed} right`,
  );
  await expect(done.locator('[data-meter="myths"]')).toHaveText(
    `${answered} of ${count('myth')} myths answered, ${answered} right`,
  );
  await expect(done.locator('[data-meter="labs"]')).toHaveText('1 of 6 labs passed');

  // What is left: lessons 2 to 6, each part a link to its section.
  await expect(view.getByRole('heading', { name: 'What is left' })).toBeVisible();
  const left = view.locator('[data-left] > li');
  await expect(left).toHaveCount(5);
  const two = left.filter({ hasText: 'Lesson 2:' });
  const target = firstLeftInTwo(all);
  await expect(two.getByRole('link', { name: target.title })).toHaveAttribute('href', target.href);
  await expect(two.getByRole('link', { name: 'Mark lesson 2 as read' })).toHaveAttribute(
    'href',
    `${(all[1] as Outline).href}#mark-as-read`,
  );
  const four = left.filter({ hasText: 'Lesson 4:' });
  await expect(four).toContainText('not started');
  await expect(four.getByRole('link', { name: 'Start lesson 4' })).toHaveAttribute(
    'href',
    (all[3] as Outline).href,
  );

  // What to do next: the audit checklist and the attacker's test, deep links into the reference, and
  // the checks themselves against the learner's own app.
  await expect(view).toContainText(
    'npm run lab -- audit http://127.0.0.1:5000 --user alice --password-env APP_PASSWORD',
  );
  await expect(view.getByRole('link', { name: 'the checklist' })).toHaveAttribute(
    'href',
    '/reference/production-patterns/#the-checklist',
  );
  await expect(view.getByRole('link', { name: 'how, step by step' })).toHaveAttribute(
    'href',
    '/reference/production-patterns/#test-it-like-an-attacker',
  );

  // The cheat sheet: every lesson, folded, the same takeaways as /cheat-sheet/.
  const sheet = page.getByRole('region', { name: 'The cheat sheet' });
  await expect(sheet.locator('details')).toHaveCount(6);
  await expect(sheet.getByRole('link', { name: 'the whole cheat sheet on one page' })).toHaveAttribute(
    'href',
    '/cheat-sheet/',
  );
  const fold = sheet.locator('details').first();
  const takeaway = fold.locator('.cheat-block[data-kind="takeaway"] h3').first();
  await expect(takeaway).toBeHidden();
  await fold.locator('summary').click();
  await expect(takeaway).toBeVisible();
  const title = (await takeaway.textContent()) ?? '';
  await page.goto('/cheat-sheet/');
  await expect(page.locator('.cheat-block[data-kind="takeaway"] h3').first()).toHaveText(title);

  // Marking lesson 6 read updates the view at once: the lesson is started, its lab still left.
  await page.goto(`${last.href}#course-complete`);
  const six = left.filter({ hasText: 'Lesson 6:' });
  await expect(six).toContainText('not started');
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await expect(done.locator('[data-meter="read"]')).toHaveText('2 of 6 lessons read');
  await expect(six).not.toContainText('not started');
  const lab = last.checkpoints.find((c) => c.kind === 'lab');
  await expect(six.getByRole('link', { name: lab?.title ?? '' })).toHaveAttribute(
    'href',
    `${last.href}#${lab?.section}`,
  );
  await expect(six.getByRole('link', { name: 'Mark lesson 6 as read' })).toHaveCount(0);

  // "Mark lesson 2 as read" lands on lesson 2's toggle.
  await two.getByRole('link', { name: 'Mark lesson 2 as read' }).click();
  await expect(page.getByRole('button', { name: 'Mark as read' })).toBeInViewport();
});

test.describe('on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the next lesson is on the first screen of every lesson; the last lesson points to its end', async ({
    page,
  }) => {
    const paths = await lessonPaths(page);
    for (const [index, path] of paths.entries()) {
      await page.goto(path);
      const pager = page.getByRole('navigation', { name: 'Neighbouring pages' });
      const next = paths[index + 1];
      const link = next
        ? pager.getByRole('link', { name: /^Next:/ })
        : pager.getByRole('link', { name: 'Finish: the end of the course' });
      await expect(link).toBeInViewport();
      const box = await link.boundingBox();
      expect(box && box.y + box.height, `${path}: the link ends within the first screen`).toBeLessThanOrEqual(
        844,
      );
      if (next) await expect(link).toHaveAttribute('href', next);
      if (index > 0)
        await expect(pager.getByRole('link', { name: /^Previous/ })).toHaveAttribute(
          'href',
          paths[index - 1] ?? '',
        );
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
      if (!next) {
        await link.click();
        await expect(page.locator('#course-complete')).toBeInViewport();
      }
    }
  });
});

test('the home page and lesson 6 with progress shown pass axe in light and dark', async ({ page }) => {
  const all = await outlines(page);
  await seed(page, partial(all));
  await page.goto('/');
  await expect(page.locator('[data-page] [data-meter]').first()).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);

  await page.emulateMedia({ colorScheme: 'light' });
  const last = all[all.length - 1] as Outline;
  await page.goto(`${last.href}#course-complete`);
  await expect(page.locator('[data-left] li').first()).toBeVisible();
  await page.locator('#course-complete details summary').first().click();
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
});
