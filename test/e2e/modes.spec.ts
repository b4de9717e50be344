import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './helpers';

/** Lesson 5 holds every section kind, so every mode has something to show there. */
const LESSON = '/lessons/05-session-security/';
const ALL = [
  'concept',
  'analogy',
  'diagram',
  'code',
  'prediction',
  'myth',
  'pitfall',
  'takeaway',
  'deep-dive',
  'lab',
];

/**
 * What each mode promises, written out here rather than imported from src/modes, so a wrong
 * definition fails this test. `grouped`: shown grouped by kind in this order; otherwise the
 * lesson's own order. `panel`: the extra block the mode shows. `ids`: exactly the sections shown,
 * for the modes that show a chosen few rather than every section of their kinds.
 */
const promises: Record<
  string,
  { label: string; kinds: string[]; grouped: boolean; panel?: string; ids?: string[] }
> = {
  deep: { label: 'Deep dive', kinds: ALL, grouped: false },
  quick: { label: 'Quick read', kinds: ['concept', 'takeaway'], grouped: false, panel: 'reading-time' },
  // The lab, then only the concepts its section names in needs (lesson 5 has six concepts).
  'hands-on': {
    label: 'Hands-on',
    kinds: ['lab', 'concept'],
    grouped: true,
    ids: [
      'lab-make-logout-stick-on-the-server',
      'two-attacks-that-are-easy-to-mix-up',
      'keep-the-session-on-the-server',
      'a-deletion-cookie-has-to-match',
    ],
  },
  quiz: { label: 'Quiz me', kinds: ['prediction', 'myth'], grouped: false, panel: 'score' },
  // The deck is made from the takeaways and myths, which stay hidden under it (they hold the answers).
  flashcards: {
    label: 'Flashcards',
    kinds: ['takeaway', 'myth'],
    grouped: true,
    panel: 'flashcards',
    ids: [],
  },
  visual: { label: 'Visual', kinds: ['diagram', 'analogy', 'concept', 'takeaway'], grouped: true },
  code: { label: 'Code-first', kinds: ['code', 'pitfall'], grouped: true },
  'cheat-sheet': {
    label: 'Cheat sheet',
    kinds: ['takeaway', 'pitfall'],
    grouped: true,
    panel: 'cheat-sheet',
  },
  expert: { label: 'Expert', kinds: ['deep-dive'], grouped: true, panel: 'expert' },
};

interface Shown {
  kind: string;
  id: string;
}
/** The lesson's sections a reader can see, in the order they stand in the page. */
async function visibleSections(page: Page): Promise<Shown[]> {
  return page.locator('.lesson-body > section[data-kind]').evaluateAll((sections) =>
    sections
      .filter((s) => (s as HTMLElement).checkVisibility())
      .map((s) => ({
        kind: (s as HTMLElement).dataset['kind'] ?? '',
        id: s.querySelector('h2')?.id ?? '',
      })),
  );
}

const switcher = (page: Page) => page.getByRole('combobox', { name: 'Learning mode' });

test.describe('learning modes', () => {
  test('without JavaScript a lesson shows every section in order and no switcher', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${LESSON}?mode=quiz`);
    const shown = await visibleSections(page);
    expect(new Set(shown.map((s) => s.kind))).toEqual(new Set(ALL));
    expect(shown.length).toBe(await page.locator('.lesson-body > section[data-kind]').count());
    await expect(page.locator('mode-switcher')).toBeHidden();
    // … and says why in a <noscript> note, rather than silently ignoring the ?mode= of a shared link.
    // (Playwright turns off script execution, not the parser's scripting flag, so Chromium keeps
    // <noscript> content as text here: read it rather than look for it on screen.)
    const notes = () => page.locator('noscript').allTextContents();
    expect(await notes()).toContainEqual(
      expect.stringContaining(
        'Learning modes need JavaScript. Without it this page shows the whole lesson (deep dive)',
      ),
    );
    await page.goto('/');
    await expect(page.getByRole('group', { name: 'Open lessons in' })).toBeHidden();
    expect(
      await page.getByRole('region', { name: 'Choose how you learn' }).locator('noscript').allTextContents(),
    ).toContainEqual(
      expect.stringContaining(
        'Choosing a mode needs JavaScript. Without it every lesson opens in full (deep dive)',
      ),
    );
    await context.close();
  });

  test('with JavaScript the no-script notes stay out of sight', async ({ page }) => {
    await page.goto(LESSON);
    await expect(switcher(page)).toBeVisible();
    await expect(page.getByText('Learning modes need JavaScript.')).toHaveCount(0);
    await page.goto('/');
    await expect(page.getByRole('group', { name: 'Open lessons in' })).toBeVisible();
    await expect(page.getByText('Choosing a mode needs JavaScript.')).toHaveCount(0);
  });

  for (const [id, promise] of Object.entries(promises)) {
    test(`${promise.label} (?mode=${id}) shows exactly the section kinds it promises`, async ({ page }) => {
      await page.goto(LESSON);
      const everything = await visibleSections(page);
      expect(new Set(everything.map((s) => s.kind))).toEqual(new Set(ALL));

      await page.goto(`${LESSON}?mode=${id}`);
      await expect(switcher(page)).toHaveValue(id);
      if (promise.panel === 'flashcards') await expect(page.locator('[data-card-front]')).toBeVisible();
      const shown = await visibleSections(page);
      const expected = everything.filter((s) => promise.kinds.includes(s.kind));
      if (promise.ids) {
        expect(shown.map((s) => s.id)).toEqual(promise.ids);
        for (const s of shown) expect(promise.kinds).toContain(s.kind);
      } else {
        // Exactly the promised kinds, and every section of those kinds (none dropped, none extra).
        expect(new Set(shown.map((s) => s.kind))).toEqual(new Set(promise.kinds));
        expect(shown.length).toBe(expected.length);
      }
      if (promise.ids) {
        // Checked above, section by section.
      } else if (promise.grouped) {
        const rank = shown.map((s) => promise.kinds.indexOf(s.kind));
        expect(rank, 'grouped by kind in the promised order').toEqual([...rank].sort((a, b) => a - b));
        for (const kind of promise.kinds) {
          expect(
            shown.filter((s) => s.kind === kind).map((s) => s.id),
            `${kind} sections keep lesson order`,
          ).toEqual(expected.filter((s) => s.kind === kind).map((s) => s.id));
        }
      } else {
        expect(shown.map((s) => s.id)).toEqual(expected.map((s) => s.id));
      }
      // The table of contents lists the same sections in the same order (with Flashcards, the deck first).
      const toc = await page
        .locator('.toc--side li')
        .evaluateAll((items) =>
          items
            .filter((li) => !(li as HTMLElement).hidden)
            .map((li) => li.querySelector('a')?.getAttribute('href')),
        );
      expect(toc).toEqual([
        ...(promise.panel === 'flashcards' ? ['#deck-heading'] : []),
        ...shown.map((s) => `#${s.id}`),
      ]);

      const panels = page.locator('mode-switcher [data-panel]');
      for (const panel of await panels.all()) {
        const name = await panel.getAttribute('data-panel');
        if (name === promise.panel) await expect(panel).toBeVisible();
        else await expect(panel).toBeHidden();
      }
    });
  }

  test("quick read shows about a third of each lesson's reading time, rendered by the server", async ({
    page,
    browser,
  }) => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const raw = await noScript.newPage();
    await page.goto('/');
    const hrefs = await page
      .locator('main a[href^="/lessons/"]')
      .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href') ?? ''))]);
    expect(hrefs.length).toBeGreaterThanOrEqual(6);
    for (const href of hrefs) {
      await page.goto(`${href}?mode=quick`);
      const full = Number(
        (await page.locator('.lesson-header .meta').innerText()).match(/About (\d+) min read/)?.[1],
      );
      const text = await page.locator('[data-panel="reading-time"]').innerText();
      const quick = Number(text.match(/about (\d+) min instead of (\d+) min/)?.[1]);
      expect(text).toContain(`instead of ${full} min`);
      // 25 to 45% of the lesson, as whole minutes (rounding keeps the bounds in order).
      expect(quick, `${href}: ${quick} of ${full} min`).toBeGreaterThanOrEqual(
        Math.max(1, Math.round(full * 0.25)),
      );
      expect(quick, `${href}: ${quick} of ${full} min`).toBeLessThanOrEqual(Math.round(full * 0.45));
      // The same figure is in the page as served, before any script runs: no flicker.
      await raw.goto(href);
      expect(await raw.locator('[data-panel="reading-time"]').textContent()).toContain(
        `about ${quick} min instead of ${full} min`,
      );
    }
    await noScript.close();
  });

  test('quiz me keeps a score of predictions and myths, the same number the table of contents shows', async ({
    page,
  }) => {
    await page.goto(`${LESSON}?mode=quiz`);
    const total =
      (await page.locator('prediction-quiz').count()) + (await page.locator('myth-buster').count());
    const score = page.locator('[data-panel="score"] [data-quiz-score]');
    const tocScore = page.locator('.toc--side [data-quiz-score]');
    await expect(score).toHaveText(`0 of ${total}`);
    await expect(tocScore).toHaveText(`0 of ${total}`);
    const quiz = page.locator('prediction-quiz').first();
    const answer = Number(await quiz.getAttribute('data-answer'));
    await quiz.getByRole('radio').nth(answer).check();
    await quiz.getByRole('button', { name: 'Commit answer' }).click();
    await expect(score).toHaveText(`1 of ${total}`);
    const myth = page.locator('myth-buster').first();
    const truth = (await myth.getAttribute('data-answer')) === 'true';
    await myth.getByRole('button', { name: truth ? 'No' : 'Yes', exact: true }).click();
    await expect(score).toHaveText(`1 of ${total}`);
    await expect(tocScore).toHaveText(`1 of ${total}`);
    await expect(myth.getByText(`Score on this page: 1 of ${total}.`)).toBeVisible();
    await expect(page.locator('[data-quiz-answered]')).toHaveText(
      `${total - 2} of ${total} still to answer.`,
    );
  });

  test('the switcher is labelled, announces a change, writes ?mode= and is remembered; a shared URL is restored', async ({
    page,
  }) => {
    await page.goto(LESSON);
    const select = switcher(page);
    await expect(select).toHaveValue('deep');
    await select.focus();
    await select.selectOption({ label: 'Quick read' });
    await expect(page).toHaveURL(/\?mode=quick$/);
    await expect(page.getByRole('status').filter({ hasText: 'Quick read: showing' })).toHaveText(
      /Quick read: showing \d+ of \d+ sections\. About \d+ min of reading\./,
    );
    await expect(select).toBeFocused();

    // The URL restores the mode on reload …
    await page.reload();
    await expect(select).toHaveValue('quick');
    expect(new Set((await visibleSections(page)).map((s) => s.kind))).toEqual(
      new Set(['concept', 'takeaway']),
    );
    // … and the choice is remembered on a link without ?mode=.
    await page.goto('/lessons/03-basic-logout-route/');
    await expect(select).toHaveValue('quick');

    // A shared link wins over the remembered default without replacing it.
    await page.goto('/lessons/03-basic-logout-route/?mode=code');
    await expect(select).toHaveValue('code');
    expect(new Set((await visibleSections(page)).map((s) => s.kind))).toEqual(new Set(['code', 'pitfall']));
    await page.goto('/lessons/03-basic-logout-route/');
    await expect(select).toHaveValue('quick');

    // Junk in the URL or in storage falls back instead of breaking the page.
    await page.evaluate(() => localStorage.setItem('logout-lab:mode', '{"oops":1}'));
    await page.goto(`${LESSON}?mode=nonsense`);
    await expect(select).toHaveValue('deep');
  });

  test('arrowing through the closed select previews modes without saving them; Enter or leaving it saves the choice', async ({
    page,
  }) => {
    const saved = () => page.evaluate(() => localStorage.getItem('logout-lab:mode'));
    await page.goto(LESSON);
    const select = switcher(page);
    await select.focus();
    // Chromium changes a closed select (and fires change) on every arrow key.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(select).toHaveValue('hands-on');
    await expect(page).toHaveURL(/\?mode=hands-on$/);
    expect((await visibleSections(page))[0]?.kind).toBe('lab');
    await expect(page.getByRole('status').filter({ hasText: 'Hands-on: showing' })).toHaveText(
      /^Hands-on: showing 4 of \d+ sections\.$/,
    );
    expect(await saved()).toBeNull();
    // Leaving the select is the choice.
    await page.keyboard.press('Tab');
    expect(await saved()).toBe('hands-on');

    await select.focus();
    await page.keyboard.press('ArrowDown');
    await expect(select).toHaveValue('quiz');
    expect(await saved()).toBe('hands-on');
    await page.keyboard.press('Enter');
    expect(await saved()).toBe('quiz');
    await expect(select).toBeFocused();
    // Enter may also open the list; close it to browse the closed select again.
    await page.keyboard.press('Escape');

    // Browsing back and going to another page without leaving the select: the last saved choice stands.
    await page.keyboard.press('ArrowUp');
    await expect(select).toHaveValue('hands-on');
    await page.goto('/lessons/03-basic-logout-route/');
    await expect(select).toHaveValue('quiz');
  });

  test('a link to a section the mode hides shows the whole lesson', async ({ page }) => {
    await page.goto(`${LESSON}?mode=quiz`);
    const target =
      (await page.locator('.lesson-body > section[data-kind="code"] h2').first().getAttribute('id')) ?? '';
    await page.goto(`${LESSON}?mode=quiz#${target}`);
    await expect(page.locator(`#${target}`)).toBeInViewport();
    await expect(switcher(page)).toHaveValue('deep');
  });

  test('a mode with nothing to show on a lesson says so and offers the whole lesson', async ({ page }) => {
    // Every lesson has deep dives now: take lesson 2's out of the page as the parser adds them,
    // before the switcher reads the sections, to stand for a lesson written without any.
    await page.addInitScript(() => {
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes)
            if (node instanceof HTMLElement && node.matches('section[data-kind="deep-dive"]')) node.remove();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto('/lessons/02-authentication-basics/?mode=expert');
    await expect(page.locator('section[data-kind="deep-dive"]')).toHaveCount(0);
    await expect(page.getByText('This lesson has no deep dive sections.')).toBeVisible();
    await expect(
      page.locator('[data-panel="expert"]').getByRole('link', { name: 'Expert zone' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Show the whole lesson' }).click();
    await expect(switcher(page)).toHaveValue('deep');
  });

  test('expert mode lists the standards the lesson cites', async ({ page }) => {
    await page.goto(`${LESSON}?mode=expert`);
    const panel = page.locator('[data-panel="expert"]');
    await expect(panel.getByRole('heading', { name: 'Standards this lesson cites' })).toBeVisible();
    await expect(panel.getByText(/OWASP WSTG: .*WSTG-SESS-06/)).toBeVisible();
    await expect(panel.getByRole('link', { name: 'Under the hood' })).toBeVisible();
  });

  test('the home page sets the default mode for every lesson', async ({ page }) => {
    await page.goto('/');
    const picker = page.getByRole('group', { name: 'Open lessons in' });
    await picker.getByRole('radio', { name: 'Visual' }).check();
    await expect(page.getByText('Saved: lessons open in Visual.')).toBeVisible();
    await page.reload();
    await expect(picker.getByRole('radio', { name: 'Visual' })).toBeChecked();
    await page.goto(LESSON);
    await expect(switcher(page)).toHaveValue('visual');
    expect((await visibleSections(page))[0]?.kind).toBe('diagram');
  });

  test('flashcards: each takeaway item and each myth is a card, and the Leitner schedule survives a reload', async ({
    page,
  }) => {
    await page.goto(`${LESSON}?mode=flashcards`);
    const deck = page.locator('[data-panel="flashcards"]');
    const items = await page.locator('.lesson-body > section[data-kind="takeaway"] > ul > li').count();
    const myths = await page.locator('myth-buster').count();
    // Lesson 5: six takeaways in one section, two myths.
    expect([items, myths]).toEqual([6, 2]);
    const cards = items + myths;
    const status = deck.locator('[data-deck-status]');
    await expect(status).toHaveText(
      `${cards} cards, ${cards} due now. Cards per box (1 to 5): ${cards} · 0 · 0 · 0 · 0.`,
    );
    await expect(deck.getByText(/^Card 1 of \d+ · box 1$/)).toBeVisible();
    const front = await deck.locator('[data-card-front]').innerText();
    // The first card is the first takeaway, to complete from its opening words; the answers are not on screen.
    expect(front).toMatch(
      /^Takeaway 1 of 6 from Session security on logout\. Complete it:\s+Replay after logout and session .*…$/,
    );
    expect(await visibleSections(page)).toEqual([]);
    await expect(
      page.locator('.lesson-body').getByText('Server-side invalidation at logout stops replay'),
    ).toBeHidden();

    await deck.getByRole('button', { name: 'Show answer' }).click();
    await expect(deck.locator('[data-card-back]')).toBeVisible();
    await expect(deck.locator('[data-card-back]')).toBeFocused();
    await deck.getByRole('button', { name: 'I knew it' }).click();
    await expect(status).toHaveText(
      `${cards} cards, ${cards - 1} due now. Cards per box (1 to 5): ${cards - 1} · 1 · 0 · 0 · 0.`,
    );
    // A missed card comes back later in the same session.
    const second = await deck.locator('[data-card-front]').innerText();
    expect(second).not.toBe(front);
    await deck.getByRole('button', { name: 'Show answer' }).click();
    await deck.getByRole('button', { name: 'Not yet' }).click();
    await expect(deck.getByText(/^Card 3 of \d+ · box 1$/)).toBeVisible();

    await page.reload();
    await expect(status).toHaveText(
      `${cards} cards, ${cards - 1} due now. Cards per box (1 to 5): ${cards - 1} · 1 · 0 · 0 · 0.`,
    );
    // The known card is scheduled for later, so the deck now starts elsewhere.
    await expect(deck.locator('[data-card-front]')).not.toHaveText(front);
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('logout-lab:progress') ?? '{}'));
    const records = Object.values(saved.pages['05-session-security'].cards) as { box: number; due: string }[];
    expect(records.map((r) => r.box).sort()).toEqual([1, 2]);
    expect(Date.parse(records.find((r) => r.box === 2)?.due ?? '')).toBeGreaterThan(Date.now());
    expect(Object.keys(saved.pages['05-session-security'].cards)).toContain(
      'takeaway-what-to-carry-forward-1',
    );
  });

  test('flashcards: a schedule saved for a whole takeaway section carries over to its item cards', async ({
    page,
  }) => {
    await page.goto('/');
    const due = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await page.evaluate((due) => {
      const record = { box: 3, due, reviewed: new Date().toISOString() };
      const pages = {
        '05-session-security': {
          predictions: {},
          myths: {},
          cards: { 'takeaway-what-to-carry-forward': record },
        },
      };
      localStorage.setItem(
        'logout-lab:progress',
        JSON.stringify({ format: 'logout-lab-progress', version: 1, pages }),
      );
    }, due);
    await page.goto(`${LESSON}?mode=flashcards`);
    // The six takeaway cards sit in box 3, not due; only the two myths are due.
    await expect(page.locator('[data-deck-status]')).toHaveText(
      '8 cards, 2 due now. Cards per box (1 to 5): 2 · 0 · 6 · 0 · 0.',
    );
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('logout-lab:progress') ?? '{}'));
    const cards = saved.pages['05-session-security'].cards;
    expect(Object.keys(cards).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `takeaway-what-to-carry-forward-${n}`),
    );
    expect(cards['takeaway-what-to-carry-forward-4'].due).toBe(due);
  });

  test('flashcards: the table of contents lists the deck, not nothing, and leads to it; other modes do not list it', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${LESSON}?mode=flashcards`);
    await expect(page.locator('[data-card-front]')).toBeVisible();
    const contents = page.locator('.toc--side');
    const entries = contents.getByRole('listitem').filter({ visible: true });
    await expect(entries).toHaveCount(1);
    const deck = contents.getByRole('link', { name: 'Flashcards' });
    await expect(deck).toBeVisible();
    await expect(deck).toHaveAttribute('href', '#deck-heading');
    await deck.click();
    await expect(page).toHaveURL(/#deck-heading$/);
    // The deck is still up (the link is not a section the mode hides) and its heading is in view.
    await expect(switcher(page)).toHaveValue('flashcards');
    await expect(page.getByRole('heading', { name: 'Flashcards', level: 2 })).toBeInViewport();
    await expect(page.locator('[data-card-front]')).toBeVisible();

    // Back to the whole lesson: the deck's entry goes, the sections come back.
    await switcher(page).selectOption('deep');
    await expect(deck).toBeHidden();
    expect(await entries.count()).toBe(await page.locator('.lesson-body > section[data-kind]').count());
    // On a narrow screen the contents above the text follow the same cut.
    await page.setViewportSize({ width: 390, height: 844 });
    await switcher(page).selectOption('flashcards');
    await expect(page.locator('.toc--inline').getByRole('link', { name: 'Flashcards' })).toBeVisible();
    await expect(page.locator('.toc--inline').getByRole('listitem').filter({ visible: true })).toHaveCount(1);
  });

  test('flashcards: if the deck cannot load, the takeaways and myths are shown instead', async ({ page }) => {
    await page.route(/flash-cards[^/]*\.js/, (route) => route.abort());
    await page.goto(`${LESSON}?mode=flashcards`);
    await expect(page.locator('[data-deck-status]')).toContainText('The flashcards could not load');
    await expect(page.locator('[data-card-front]')).toBeHidden();
    const shown = await visibleSections(page);
    expect(shown.map((s) => s.kind)).toEqual(['takeaway', 'myth', 'myth']);
    // The contents list the deck's panel (which says what went wrong) and the sections shown instead.
    const toc = await page
      .locator('.toc--side li')
      .evaluateAll((items) =>
        items
          .filter((li) => !(li as HTMLElement).hidden)
          .map((li) => li.querySelector('a')?.getAttribute('href')),
      );
    expect(toc).toEqual(['#deck-heading', ...shown.map((s) => `#${s.id}`)]);
  });

  test('the switcher and the deck pass axe', async ({ page }) => {
    await page.goto(`${LESSON}?mode=flashcards`);
    await expect(page.locator('[data-card-front]')).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe('cheat sheet', () => {
  test('the whole course on one page, printed without navigation chrome, at most one A4 page per two lessons', async ({
    page,
  }) => {
    await page.goto('/');
    const lessons = await page
      .getByRole('region', { name: 'The six steps' })
      .getByRole('heading', { level: 3 })
      .count();
    await page.goto('/cheat-sheet/');
    await expect(page.getByRole('heading', { level: 1, name: 'Logout Lab cheat sheet' })).toBeVisible();
    const sections = page.locator('main .cheat__lesson');
    expect(await sections.count()).toBe(lessons);
    for (const section of await sections.all())
      await expect(section.locator('[data-kind="takeaway"]')).toHaveCount(1);
    expect(await page.locator('main [data-kind="pitfall"]').count()).toBeGreaterThan(0);
    // Only takeaways and pitfalls: no quiz, myth or lab made it onto the sheet.
    await expect(page.locator('main prediction-quiz, main myth-buster, main [data-lab-root]')).toHaveCount(0);
    await expectAccessible(page);

    // Navigation chrome is on screen, and none of it prints.
    const chrome = page.locator('.skip-link, header.site-header, nav, footer.site-footer, site-search');
    expect(await chrome.count()).toBeGreaterThanOrEqual(4);
    await expect(page.locator('header.site-header')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    for (const element of await chrome.all()) await expect(element).toBeHidden();
    await expect(page.locator('main [data-kind="takeaway"]').first()).toBeVisible();

    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(Math.ceil(lessons / 2));
  });

  test('cheat sheet mode on a lesson links to the printable page', async ({ page }) => {
    await page.goto(`${LESSON}?mode=cheat-sheet`);
    await page
      .locator('[data-panel="cheat-sheet"]')
      .getByRole('link', { name: 'The whole course on one printable page' })
      .click();
    await expect(page).toHaveURL(/\/cheat-sheet\/#05-session-security$/);
  });
});
