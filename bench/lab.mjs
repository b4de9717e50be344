#!/usr/bin/env node
/**
 * npm run bench:lab: lab performance in headless Chromium against the built site (`astro build`
 * first). Prints:
 *   - lesson page JS before "Start lab" (gzip; the course budget is 25 KB)
 *   - gzip size of everything the lab loads on "Start lab" (goal < 250 KB), per runtime path:
 *       Worker path: measured (page side + the Worker adapter and the Worker script);
 *       WebContainer path: the same page side + the chunks the WebContainer adapter imports +
 *       dist/lab/webcontainer-tree.json, computed from the built files (it cannot boot here);
 *       and the fallback as measured (the WebContainer attempt's chunks, then the Worker)
 *   - Start lab → first check run possible for the first lab in a fresh tab, as learners get it
 *     (auto: WebContainers fail here as they do offline), median of BENCH_START_RUNS (goal ≤ 500 ms);
 *     and with the Worker chosen directly (?lab-runtime=worker)
 *   - Run checks → results rendered, full lesson-5 suite, median of BENCH_RUNS (goal ≤ 100 ms, Worker)
 *
 * Env: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_PORT (default 4510), BENCH_RUNS (20),
 * BENCH_START_RUNS (10), BENCH_FILES (how many of the largest loaded files to list, 6).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.BENCH_PORT ?? 4510);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const startRuns = Number(process.env.BENCH_START_RUNS ?? 10);
const base = `http://127.0.0.1:${port}`;
const lesson = '05-session-security';
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Newest modification time (ms) of the files under `dir`, or 0 when it does not exist. */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(resolve(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Stops with a sentence when dist/ lacks the lab lesson; warns when the sources are newer than it. */
function requireBuild() {
  const page = resolve(root, `dist/lessons/${lesson}/index.html`);
  if (!existsSync(page)) {
    const what = existsSync(resolve(root, 'dist/index.html'))
      ? `has no lessons/${lesson}/index.html`
      : 'is missing or empty';
    console.error(
      `bench:lab: ${resolve(root, 'dist')}/ ${what}. Run \`npm run build\` first: this bench measures the built site.`,
    );
    process.exit(2);
  }
  const built = statSync(page).mtimeMs;
  const stale = ['src', 'lessons'].filter((dir) => newestMtime(resolve(root, dir)) > built);
  if (stale.length)
    console.warn(
      `bench:lab: warning: ${stale.join('/ and ')}/ changed after dist/ was built; the figures are of the old build (run \`npm run build\` to measure the current code).`,
    );
}

/* ---------- the built chunk graph (what each runtime adapter pulls in) ---------- */

const dist = resolve(root, 'dist');
const gzipOf = (path) => gzipSync(readFileSync(resolve(dist, `.${path}`)), { level: 9 }).length;

/** `/_astro/x.js` → the site paths it imports: static, dynamic, preloaded deps and Worker scripts. */
function importsOf(path) {
  const code = readFileSync(resolve(dist, `.${path}`), 'utf8');
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  const found = new Set();
  for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*["'`](\.\/[^"'`]+\.js)["'`]/g))
    found.add(`${dir}${spec.slice(2)}`);
  // Vite's preload list for dynamic imports: m.f=["_astro/a.js","_astro/b.css"]
  for (const [, list] of code.matchAll(/m\.f=\[([^\]]*)\]/g))
    for (const [, dep] of list.matchAll(/"([^"]+)"/g)) found.add(`/${dep}`);
  for (const [, url] of code.matchAll(/new URL\(\s*["'`](\/_astro\/[^"'`]+\.js)["'`]/g)) found.add(url);
  return [...found].filter((p) => existsSync(resolve(dist, `.${p}`)));
}

/** Everything `start` loads, following every kind of import, except what `known` already holds. */
function closure(start, known = new Set()) {
  const seen = new Set();
  const walk = (path) => {
    if (seen.has(path) || known.has(path)) return;
    seen.add(path);
    if (path.endsWith('.js')) for (const dep of importsOf(path)) walk(dep);
  };
  walk(start);
  return seen;
}

/** The one built chunk whose code matches `pattern` (an adapter), by its site path. */
function chunkWith(pattern, what) {
  const hits = readdirSync(resolve(dist, '_astro')).filter(
    (name) => name.endsWith('.js') && pattern.test(readFileSync(resolve(dist, '_astro', name), 'utf8')),
  );
  if (hits.length !== 1)
    throw new Error(`expected one built chunk with the ${what}, found ${hits.length}: ${hits.join(', ')}`);
  return `/_astro/${hits[0]}`;
}

/**
 * Splits what "Start lab" loaded (`after`, measured) into the page side both runtimes share and
 * each adapter's own files, and totals each path. Sizes of files not fetched here (the
 * WebContainer's syntax chunk, its tree) come from dist/.
 */
function runtimePaths(after, before) {
  const loaded = new Map(after);
  const size = (path) => loaded.get(path)?.gzip ?? gzipOf(path);
  // The lab entry: what the lesson page's own script imports dynamically on "Start lab".
  const entries = before
    .flatMap(([path]) => (path.endsWith('.js') ? importsOf(path) : []))
    .filter((path) => loaded.has(path) && path.endsWith('.js'));
  const entry = entries.find((path) => /\/app\./.test(path)) ?? entries[0];
  if (!entry) throw new Error('could not find the lab entry chunk among what "Start lab" loaded');
  // What the entry needs statically is loaded before any adapter, on either path.
  const entryStatic = new Set([entry]);
  const grow = (path) => {
    for (const dep of readFileSync(resolve(dist, `.${path}`), 'utf8').matchAll(
      /(?:from|import)\s*["'](\.\/[^"']+\.js)["']/g,
    )) {
      const full = `${path.slice(0, path.lastIndexOf('/') + 1)}${dep[1].slice(2)}`;
      if (!entryStatic.has(full)) {
        entryStatic.add(full);
        grow(full);
      }
    }
  };
  grow(entry);
  const beforeKeys = new Set(before.map(([path]) => path));
  const known = new Set([...entryStatic, ...beforeKeys]);
  const wcAdapter = chunkWith(/webcontainer-tree\.json/, 'WebContainer adapter');
  const workerAdapter = chunkWith(/new URL\(\s*["'`]\/_astro\/lab-worker/, 'Worker adapter');
  const webcontainer = new Set([...closure(wcAdapter, known), '/lab/webcontainer-tree.json']);
  const worker = closure(workerAdapter, known);
  const shared = [...loaded.keys()].filter((path) => !webcontainer.has(path) && !worker.has(path));
  const sum = (paths) => [...paths].reduce((total, path) => total + size(path), 0);
  const list = (paths) =>
    [...paths]
      .sort((a, b) => size(b) - size(a))
      .map((path) => `${path.replace(/^.*\//, '')} ${kb(size(path))}`)
      .join(', ');
  return {
    shared: sum(shared),
    worker: { total: sum(shared) + sum(worker), own: sum(worker), files: list(worker) },
    webcontainer: {
      total: sum(shared) + sum(webcontainer),
      own: sum(webcontainer),
      files: list(webcontainer),
    },
  };
}

async function startPreview() {
  // process.execPath: the Node running this script (22), not whatever `node` the PATH has.
  // --ignore-lock as the other tools: a dev server or another preview holding Astro's lock must not stop the bench.
  const child = spawn(
    process.execPath,
    [
      resolve(root, 'node_modules/astro/bin/astro.mjs'),
      'preview',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--ignore-lock',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`${base}/`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(
    `astro preview did not answer on ${base}${child.exitCode === null ? ' within 20 s' : ` (it exited with ${child.exitCode})`}. Its output:\n${output.trim() || '(none)'}`,
  );
}

/** Records every script/stylesheet/worker/fetch response with its gzip size. */
function recorder(page) {
  const seen = new Map();
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    if (!['script', 'stylesheet', 'fetch', 'other', 'worker'].includes(type)) return;
    const url = new URL(response.url());
    if (url.origin !== base) return;
    try {
      const body = await response.body();
      seen.set(url.pathname, { type, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  return seen;
}

const solution = (path) => readFileSync(resolve(root, `lessons/${lesson}/lab/solution/${path}`), 'utf8');

async function setFile(page, path, text) {
  await page.getByRole('tab', { name: path, exact: true }).click();
  await page.getByRole('textbox', { name: path, exact: true }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** Clicks "Start lab" and measures, in the page, until "Run checks" can be pressed. */
async function timeStart(page) {
  return page.evaluate(
    () =>
      new Promise((resolveStart, reject) => {
        const root = document.querySelector('[data-lab-root]');
        const start = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Start lab');
        const ready = () =>
          [...root.querySelectorAll('logout-lab button')].some(
            (b) => b.textContent === 'Run checks' && !b.disabled,
          );
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (!ready()) return;
          observer.disconnect();
          resolveStart(performance.now() - t0);
        });
        observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        setTimeout(() => reject(new Error('the lab did not become ready within 30 s')), 30_000);
        start.click();
      }),
  );
}

async function main() {
  requireBuild();
  const preview = await startPreview();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const report = [];

    // 1 + 2 + 3a: auto runtime (tries the WebContainer first, as learners get it).
    {
      const context = await browser.newContext();
      // The Worker script is fetched by the worker itself: count it through the context too.
      const page = await context.newPage();
      const seen = recorder(page);
      context.on('serviceworker', () => undefined);
      await page.goto(`${base}/lessons/${lesson}/`, { waitUntil: 'networkidle' });
      const before = [...seen.entries()].filter(([, r]) => r.type === 'script');
      const beforeGzip = before.reduce((sum, [, r]) => sum + r.gzip, 0);
      const beforeKeys = new Set(seen.keys());
      report.push([
        'Lesson page JS before "Start lab" (gzip)',
        `${kb(beforeGzip)} in ${before.length} file(s) (budget 25 KB)`,
      ]);

      const t0 = Date.now();
      await page.getByRole('button', { name: 'Start lab' }).click();
      await page.getByRole('button', { name: 'Run checks' }).waitFor();
      await page.waitForFunction(
        () => !document.querySelector('logout-lab .lab-toolbar button')?.hasAttribute('disabled'),
        null,
        { timeout: 30_000 },
      );
      const autoMs = Date.now() - t0;
      const status = await page.locator('[data-lab-status]').textContent();
      await page.waitForTimeout(1500); // lazy chunks (read-only sources) settle
      const after = [...seen.entries()].filter(([path]) => !beforeKeys.has(path));
      const sum = (list) => list.reduce((s, [, r]) => s + r.gzip, 0);
      const worker = after.filter(([path]) => /lab-worker/.test(path));
      const pageSide = after.filter(([path]) => !/lab-worker/.test(path));
      const paths = runtimePaths(
        after,
        [...seen.entries()].filter(([path]) => beforeKeys.has(path)),
      );
      report.push([
        'Lab bundle, Worker path (gzip)',
        `${kb(paths.worker.total)} (goal 250 KB): shared page side ${kb(paths.shared)} + ${kb(paths.worker.own)} (${paths.worker.files})`,
      ]);
      // "Compare with solution" loads the merge view on its first click: measured, and counted in.
      const beforeCompare = new Set(seen.keys());
      await page.getByRole('button', { name: 'Compare with solution' }).click();
      await page.locator('.cm-mergeView, .cm-merge-b, .cm-changedLine').first().waitFor({ timeout: 10_000 });
      await page.waitForTimeout(500);
      const compare = [...seen.entries()].filter(([path]) => !beforeCompare.has(path));
      const compareGzip = sum(compare);
      // Typing loads the completions (first key in an editable file); a syntax error loads the
      // squiggles (@codemirror/lint). Both measured the way a learner meets them, then undone.
      const beforeTyping = new Set(seen.keys());
      await page.keyboard.press('Escape');
      const firstFile = JSON.parse(readFileSync(resolve(root, `lessons/${lesson}/lab/lab.json`), 'utf8'))
        .editable[0];
      const box = page.getByRole('textbox', { name: firstFile, exact: true });
      await box.click();
      await page.keyboard.press('Control+End');
      // Valid as typed (a function body runs only when called): no syntax error, so no squiggles yet.
      await page.keyboard.type('\nexport const probe = () => getCo');
      await page.locator('.cm-tooltip-autocomplete').waitFor({ timeout: 10_000 });
      await page.waitForTimeout(300);
      const completions = [...seen.entries()].filter(([path]) => !beforeTyping.has(path));
      const beforeError = new Set(seen.keys());
      await page.keyboard.press('Escape');
      // Not "(": bracket closing would complete it into a valid call.
      await page.keyboard.type(' +');
      await page.locator('.cm-lintRange-error').first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      const squiggles = [...seen.entries()].filter(([path]) => !beforeError.has(path));
      for (let i = 0; i < 36; i++) await page.keyboard.press('Backspace');
      const list = (files) =>
        files.map(([path, r]) => `${path.split('/').pop()} ${kb(r.gzip)}`).join(', ') || 'nothing new';
      const withHelp = paths.worker.total + compareGzip + sum(completions);
      report.push([
        'Lab bundle, Worker path + comparison + completions (gzip)',
        `${kb(withHelp)} (budget 250 KB): + comparison ${kb(compareGzip)} (${list(compare)}) + completions ${kb(sum(completions))} (${list(completions)})`,
      ]);
      report.push([
        'Lab bundle, Worker path, everything a session can load (gzip)',
        `${kb(withHelp + sum(squiggles))}: + squiggles on a syntax error ${kb(sum(squiggles))} (${list(squiggles)})`,
      ]);
      report.push([
        'Lab bundle, WebContainer path (gzip, from the built chunks)',
        `${kb(paths.webcontainer.total)} (goal 250 KB): shared page side ${kb(paths.shared)} + ${kb(paths.webcontainer.own)} (${paths.webcontainer.files}); StackBlitz's own runtime not counted`,
      ]);
      report.push([
        'Lab bundle, fallback as measured (gzip)',
        `${kb(sum(after))}: page ${kb(sum(pageSide))} (incl. the WebContainer attempt's chunks) + Worker ${kb(sum(worker))}, ${after.length} files`,
      ]);
      for (const [path, r] of after
        .sort((a, b) => b[1].gzip - a[1].gzip)
        .slice(0, Number(process.env.BENCH_FILES ?? 6)))
        report.push([`    ${path}`, `${kb(r.gzip)} gzip (${kb(r.raw)} raw)`]);
      report.push([
        'Start lab → first check run possible (auto, the first start of this bench: cold caches)',
        `${autoMs} ms — ${status}`,
      ]);
      await context.close();
    }

    // 3a, repeated: the first lab in a fresh tab (new context: empty cache and sessionStorage).
    {
      const times = [];
      let status = '';
      for (let i = 0; i < startRuns; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${base}/lessons/${lesson}/`, { waitUntil: 'networkidle' });
        times.push(await timeStart(page));
        status = (await page.locator('[data-lab-status]').textContent()) ?? '';
        await context.close();
      }
      report.push([
        `Start lab → first check run possible, first lab in a fresh tab (auto), median of ${startRuns}`,
        `${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}; goal 500 ms) — ${status}`,
      ]);
    }

    // 3b + 4: Worker runtime directly, then Run checks × runs on the full lesson-5 suite.
    {
      const page = await browser.newPage();
      await page.goto(`${base}/lessons/${lesson}/?lab-runtime=worker`, { waitUntil: 'networkidle' });
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Start lab' }).click();
      await page.waitForFunction(
        () =>
          document.querySelector('logout-lab') &&
          !document.querySelector('logout-lab .lab-toolbar button')?.hasAttribute('disabled'),
        null,
        { timeout: 30_000 },
      );
      report.push([
        'Start lab → first check run possible (Worker runtime directly)',
        `${Date.now() - t0} ms`,
      ]);

      const manifest = JSON.parse(readFileSync(resolve(root, `lessons/${lesson}/lab/lab.json`), 'utf8'));
      for (const path of manifest.editable) await setFile(page, path, solution(path));
      await page.waitForTimeout(800);
      const times = [];
      let summary = '';
      for (let i = 0; i < runs + 1; i++) {
        const result = await page.evaluate(async (count) => {
          const lab = document.querySelector('logout-lab');
          const button = [...lab.querySelectorAll('button')].find((b) => b.textContent === 'Run checks');
          return new Promise((resolveRun) => {
            const started = performance.now();
            // Failures, banners and folded passes are separate lists that each render rebuilds:
            // count every result card in the lab, and read the summary afresh.
            const summaryText = () => lab.querySelector('.lab-summary')?.textContent ?? '';
            const done = () =>
              /checks? pass/.test(summaryText()) && lab.querySelectorAll('[data-check]').length === count;
            const observer = new MutationObserver(() => {
              if (!done()) return;
              observer.disconnect();
              // Wait for the frame that paints the results.
              requestAnimationFrame(() =>
                resolveRun({ ms: performance.now() - started, text: summaryText() }),
              );
            });
            observer.observe(lab, { subtree: true, childList: true, characterData: true });
            button.click();
          });
        }, manifest.checks.length);
        if (i > 0) times.push(result.ms); // the first run warms up the JIT and the worker's caches
        summary = result.text;
      }
      report.push([
        `Run checks → results rendered, lesson 5 (${manifest.checks.length} checks), median of ${runs}`,
        `${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}; goal 100 ms) — "${summary}"`,
      ]);
      await page.close();
    }

    const width = Math.max(...report.map(([k]) => k.length));
    console.log('\nLogout Lab — lab benchmark (headless Chromium, built site)\n');
    for (const [key, value] of report) console.log(`${key.padEnd(width)}  ${value}`);
  } finally {
    await browser.close();
    preview.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
