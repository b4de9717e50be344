/**
 * The built site under `npm start` in Chromium: every page renders with zero CSP violations (in
 * the page, its frames and the console), is cross-origin isolated, runs its inline scripts (allowed
 * by hash) and upgrades every custom element; and the lab starts and runs checks in the Worker,
 * whose own policy allows the eval the page policy forbids; Pagefind's Worker gets WebAssembly
 * only; and the 404 page keeps its policy where a static host sends it no CSP header.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { isLabWorkerFile, pagefindWorker } from '../artifacts/index.ts';
import { headersFor, parseHeadersFile, wasmWorkerCsp, workerCsp } from '../headers/index.ts';

const dist = fileURLToPath(new URL('../../../dist/', import.meta.url));
const headerRules = () => parseHeadersFile(readFileSync(`${dist}_headers`, 'utf8'));
/** The lab Worker as the build recorded it: the one `_headers` path with the eval policy. */
function labWorkerFromHeaders(): string {
  const paths = headerRules()
    .filter((rule) => rule.headers['Content-Security-Policy'] === workerCsp())
    .map((rule) => rule.pattern);
  expect(paths, 'dist/_headers gives the eval policy to exactly one script').toHaveLength(1);
  return paths[0] ?? '';
}

/** Every frame reports CSP violations to the console, where the test collects them. */
async function watchCsp(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `[csp] ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (
      text.startsWith('[csp]') ||
      /Content Security Policy|Refused to (execute|evaluate|load|apply|frame|connect)/i.test(text)
    )
      problems.push(text);
  });
  page.on('pageerror', (error) => {
    if (/Content Security Policy|unsafe-eval/i.test(error.message)) problems.push(error.message);
  });
  return problems;
}

async function sitePaths(page: Page): Promise<string[]> {
  await page.goto('/');
  const hrefs = await page
    .locator('a[href^="/lessons/"], a[href^="/reference/"]')
    .evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  return ['/', ...new Set(hrefs), '/this-page-does-not-exist'];
}

test('the built server sends the security headers, compression and caching', async ({ request, page }) => {
  await page.goto('/');
  const lesson = (await sitePaths(page)).find((p) => p.startsWith('/lessons/')) ?? '/';
  const stylesheet = await page.locator('link[rel="stylesheet"]').first().getAttribute('href');
  for (const path of ['/', lesson, stylesheet ?? '/favicon.svg', '/healthz', '/missing']) {
    const response = await request.get(path, { headers: { 'accept-encoding': 'br, gzip' } });
    const headers = response.headers();
    expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy'], path).toBe('require-corp');
    expect(headers['cross-origin-resource-policy'], path).toBe('same-origin');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy'], path).toContain('camera=()');
  }
  const page200 = await request.get(lesson, { headers: { 'accept-encoding': 'br' } });
  const csp = page200.headers()['content-security-policy'] ?? '';
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(scriptSrc).toMatch(/'sha256-/);
  expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  expect(page200.headers()['content-encoding']).toBe('br');
  expect(page200.headers()['cache-control']).toBe('no-cache');
  const etag = page200.headers()['etag'] ?? '';
  expect(
    (await request.get(lesson, { headers: { 'accept-encoding': 'br', 'if-none-match': etag } })).status(),
  ).toBe(304);
  if (stylesheet) {
    expect((await request.get(stylesheet)).headers()['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
  }
  expect((await request.get('/missing')).status()).toBe(404);
});

test("the eval policy reaches the lab Worker only; Pagefind's Worker gets WebAssembly only", async ({
  request,
}) => {
  const labWorker = labWorkerFromHeaders();
  expect(isLabWorkerFile(labWorker), labWorker).toBe(true);
  expect((await request.get(labWorker)).headers()['content-security-policy']).toBe(workerCsp());
  // The page chunk that spawns the lab Worker is an ordinary script: no policy of its own.
  const spawner = readdirSync(`${dist}_astro`).find(
    (name) =>
      name.endsWith('.js') && readFileSync(`${dist}_astro/${name}`, 'utf8').includes(labWorker.slice(1)),
  );
  expect(spawner, 'a built chunk names the lab Worker').toBeTruthy();
  expect((await request.get(`/_astro/${spawner}`)).headers()['content-security-policy']).toBeUndefined();
  const search = await request.get(pagefindWorker);
  expect(
    search.ok(),
    `${pagefindWorker} is missing: the Pagefind index was not built (\`npm run build\` runs pagefind after astro build)`,
  ).toBe(true);
  const policy = search.headers()['content-security-policy'];
  expect(policy).toBe(wasmWorkerCsp());
  expect(policy).toContain("'wasm-unsafe-eval'");
  expect(policy).not.toContain("'unsafe-eval'");
});

test('on a static host the 404 page keeps the page policy (meta element) with only the /* headers', async ({
  page,
}) => {
  const problems = await watchCsp(page);
  await page.addInitScript(() => localStorage.setItem('logout-lab:theme', 'dark'));
  const unknown = '/no-such-page-on-a-static-host';
  const headers = headersFor(headerRules(), unknown);
  expect(headers['Content-Security-Policy'], 'only the /* rule matches an unknown path').toBeUndefined();
  // The body a static host serves for an unknown path, plus one inline script no hash allows.
  const body = readFileSync(`${dist}404.html`, 'utf8').replace(
    '</body>',
    '<script>window.unhashedScriptRan = true</script></body>',
  );
  await page.route(`**${unknown}`, (route) =>
    route.fulfill({ status: 404, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' }, body }),
  );
  const response = await page.goto(unknown);
  expect(response?.status()).toBe(404);
  expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  expect(await page.evaluate(() => 'unhashedScriptRan' in window)).toBe(false);
  await expect.poll(() => problems.join('\n')).toMatch(/script-src/);
});

test('every page renders with no CSP violation, cross-origin isolated, with all inline scripts running', async ({
  page,
}) => {
  test.slow();
  const problems = await watchCsp(page);
  // The no-flash theme script is inline: if its hash were missing, the saved theme would not apply.
  await page.addInitScript(() => localStorage.setItem('logout-lab:theme', 'dark'));
  for (const path of await sitePaths(page)) {
    await page.goto(path, { waitUntil: 'load' });
    expect(await page.evaluate(() => crossOriginIsolated), path).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dataset['theme']), path).toBe('dark');
    // Every custom element upgraded: their module scripts (inline or files) all ran.
    await expect
      .poll(
        () => page.evaluate(() => [...document.querySelectorAll(':not(:defined)')].map((el) => el.localName)),
        { message: path },
      )
      .toEqual([]);
  }
  expect(problems).toEqual([]);
});

test('the lab starts and runs checks in the Worker runtime with no CSP violation', async ({ page }) => {
  const problems = await watchCsp(page);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  const paths = (await sitePaths(page)).filter((p) => p.startsWith('/lessons/'));
  let found = '';
  for (const path of paths) {
    await page.goto(`${path}?lab-runtime=worker`);
    if ((await page.locator('[data-lab-start]').count()) > 0) {
      found = path;
      break;
    }
  }
  expect(
    found,
    `no lesson page has a "Start lab" button ([data-lab-start]) among ${paths.join(', ')}: run \`npm run build\` after adding a lab (lessons/NN-slug/lab/, see lessons/README.md)`,
  ).not.toBe('');
  const start = page.getByRole('button', { name: 'Start lab' }).first();
  await expect(start, 'the lab boot script enables Start lab').toBeEnabled({ timeout: 10_000 });
  await start.click();
  const run = page.getByRole('button', { name: 'Run checks' });
  await expect(run).toBeEnabled({ timeout: 30_000 });
  await run.click();
  await expect(page.locator('.lab-summary')).toContainText(/\d+ of \d+ checks pass/, { timeout: 30_000 });
  await expect(page.locator('.lab-checks .lab-result').first()).toBeAttached();
  await expect(page.locator('.lab-checks')).not.toContainText(
    /unsafe-eval|Content Security Policy|EvalError/i,
  );
  expect(problems).toEqual([]);
  // The Worker the lab really started is the one the build gave the eval policy.
  expect(workers).toContain(labWorkerFromHeaders());
  const response = await page.request.get(labWorkerFromHeaders());
  expect(response.headers()['content-security-policy']).toBe(workerCsp());
});

test('site search (Pagefind WebAssembly) works under the page CSP', async ({ page }) => {
  const problems = await watchCsp(page);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  await page.goto('/');
  const box = page.getByLabel('Search the course');
  await expect(box, 'the home page shows the site search box (labelled "Search the course")').toBeVisible();
  const index = await page.request.get('/pagefind/pagefind.js');
  expect(
    index.ok(),
    '/pagefind/pagefind.js is missing: the Pagefind index was not built (`npm run build` runs pagefind after astro build)',
  ).toBe(true);
  await box.fill('cookie');
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('link').first()).toBeVisible({
    timeout: 15_000,
  });
  expect(problems).toEqual([]);
  // Search ran in Pagefind's Worker (under its wasm-only policy), not on the page's thread.
  expect(workers).toContain(pagefindWorker);
});

test('the page a search result opens highlights the words under the page CSP', async ({ page }) => {
  const problems = await watchCsp(page);
  const highlighter = await page.request.get('/pagefind/pagefind-highlight.js');
  expect(
    highlighter.ok(),
    'the Pagefind highlighter is missing: `npm run build` runs pagefind after astro build',
  ).toBe(true);
  await page.goto('/lessons/06-token-logout/?highlight=jti');
  await expect(page.locator('mark.search-highlight').filter({ visible: true }).first()).toBeVisible({
    timeout: 15_000,
  });
  expect(problems).toEqual([]);
});
