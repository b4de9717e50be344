#!/usr/bin/env node
/**
 * `npm run bench:build`: does the build cost per lesson stay flat as the course grows?
 * For each size (default 30 and 300), a temporary copy of the committed project (git HEAD) gets
 * that many synthetic lessons written against the real lesson contract (typed Sections, CodeTabs
 * with Python then TypeScript, a Prediction, a Myth, a Pitfall, a Flow diagram), then every step of
 * `npm run build` runs under /usr/bin/time, read from the copy's package.json so the bench follows
 * the real build: `astro build` (with the deploy-artifacts integration), Pagefind, and the
 * `postbuild` artifacts pass. Reported per step and in total: wall time and peak memory (max RSS);
 * then time per lesson, the marginal cost per added lesson between the smallest and largest size,
 * and the mean lesson HTML size (a page whose size grows with the course, e.g. a nav listing every
 * lesson, shows up there); then the largest copy is built again unchanged (warm caches).
 *
 * Pass/fail (exit 1): the whole build's cost per lesson at the largest size must not exceed its
 * cost per lesson at the smallest (`--max-ratio`, default 1.0). Why that bound: a build costs a
 * fixed start-up F plus c per lesson if it scales linearly, so its cost per lesson, F/n + c, falls
 * as n grows, and the ratio stays below 1 by F's share. The ratio reaches 1 exactly when each added
 * lesson costs as much as the smallest build's average lesson, start-up included: (T_big - T_small)
 * / (n_big - n_small) ≥ T_small / n_small, the same test read as a marginal cost. Only work that
 * grows faster than the lesson count (a page per lesson that lists every lesson, a quadratic
 * check) gets there; timing noise (seconds, on 2 shared cores) is small against F.
 * The bound is loose where F is large (about 50 s here, most of a 30-lesson build), so it catches
 * gross superlinear cost, not mild. The tighter test, comparing the marginal costs of two intervals
 * (30→165 vs 165→300, ratio ≤ ~1.2), needs a third build and divides differences of totals that vary
 * by seconds on 2 shared cores by a few seconds of signal, so it would fail at random. Superlinear
 * output shows up first and deterministically in the mean lesson HTML size, so the bench prints a
 * warning (not a failure: it is a design trade-off) when that grows more than 20% with the course.
 *
 * The real contract numbers lesson folders with two digits (at most 99 lessons); the copy widens
 * that to three digits (glob, folder pattern, order parser) and changes nothing else.
 *
 * Usage: node bench/build-scale.mjs [--sizes 30,300] [--max-ratio 1.0] [--keep] [--worktree]
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repo, requireNode22 } from './lib.mjs';

requireNode22();
const args = process.argv.slice(2);
const sizesIndex = args.indexOf('--sizes');
const sizes = (sizesIndex >= 0 ? (args[sizesIndex + 1] ?? '') : '30,300').split(',').map(Number);
if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 999)) {
  console.error('bench:build: --sizes takes whole numbers 1-999, e.g. --sizes 30,300');
  process.exit(2);
}
const ratioIndex = args.indexOf('--max-ratio');
const maxRatio = ratioIndex >= 0 ? Number(args[ratioIndex + 1]) : 1;
if (!(maxRatio > 0)) {
  console.error('bench:build: --max-ratio takes a positive number, e.g. --max-ratio 1.0');
  process.exit(2);
}
const keep = args.includes('--keep');
/** Copy the working tree instead of git HEAD (to measure uncommitted work). */
const worktree = args.includes('--worktree');
const levels = ['Foundation', 'Intermediate', 'Advanced', 'Expert'];

function lesson(n) {
  const flow = [1, 2, 3, 4]
    .map(
      (i) =>
        `    { label: "Step ${i}", detail: "Request ${i} of lesson ${n} carries the cookie the server set in step ${i - 1 || 1}." },`,
    )
    .join('\n');
  return `---
title: Synthetic lesson ${n}
summary: A generated lesson number ${n} that exercises every component of the lesson contract for the build benchmark.
level: ${levels[n % levels.length]}
minutes: ${3 + (n % 5)}
objectives:
  - Read generated prose number ${n}
  - Compare a Flask route with a Hono route
  - Answer a prediction and bust a myth
---

<Section kind="concept" title="Concept ${n}">

Lesson ${n} explains that logging out must change state on the server. A session cookie is a bearer
credential: whoever holds it is treated as the user, so **removing the identity** matters more than
any redirect. This paragraph exists so the page has realistic prose, with \`inline code\`, a
[link to the home page](/) and a list:

1. Accept only POST for logout.
2. Remove the identity from the session.
3. Redirect with 303 to a public page.

</Section>

<Section kind="prediction" title="Predict ${n}">

<Prediction
  id="l${n}-synthetic-prediction"
  question="Lesson ${n}: what should logout remove from the session?"
  options={["Everything, always", "Only what identifies the user", "Nothing, a redirect is enough"]}
  answer={1}
>

Only the identity: harmless preferences can stay. (Generated explanation ${n}.)

</Prediction>

</Section>

<Section kind="code" title="Code ${n}">

<CodeTabs>

\`\`\`python
@app.post("/logout")
def logout_${n}():
    session.pop("user_id", None)
    return redirect(url_for("index"), code=303)
\`\`\`

\`\`\`ts
app.post('/logout', async (c) => {
  const data = await readSession(c)
  delete data.userId // lesson ${n}
  await writeSession(c, data)
  return c.redirect('/', 303)
})
\`\`\`

</CodeTabs>

</Section>

<Section kind="myth" title="Myth ${n}">

<Myth
  id="myth-l${n}-synthetic"
  claim="Lesson ${n}: redirecting to the login page logs the user out."
  answer={false}
  reality="A redirect changes which page loads next, not the session cookie."
>

The cookie is untouched, so the next protected request still succeeds. (Generated ${n}.)

</Myth>

</Section>

<Section kind="pitfall" title="Pitfall ${n}">

<Pitfall title="Redirect-only logout ${n}">

<Wrong>

<CodeTabs>

\`\`\`python
@app.post("/logout")
def logout():
    return redirect(url_for("login"), code=303)
\`\`\`

\`\`\`ts
app.post('/logout', (c) => c.redirect('/login', 303))
\`\`\`

</CodeTabs>

</Wrong>

<Right>

<CodeTabs>

\`\`\`python
@app.post("/logout")
def logout():
    session.pop("user_id", None)
    return redirect(url_for("index"), code=303)
\`\`\`

\`\`\`ts
app.post('/logout', async (c) => { await clearIdentity(c); return c.redirect('/', 303) })
\`\`\`

</CodeTabs>

</Right>

<RootCause>

Nothing on the server changed, so the session is still valid.

</RootCause>

</Pitfall>

</Section>

<Section kind="diagram" title="Flow ${n}">

<Flow
  caption="How a session cookie travels in lesson ${n}."
  steps={[
${flow}
  ]}
/>

</Section>

<Section kind="takeaway" title="Takeaway ${n}">

- Logout is a POST that changes server state.
- Redirects alone change nothing.

</Section>
`;
}

/** The copy's lesson numbering goes to three digits; fail loudly if the code it patches moved. */
function widenFolderNumbers(root) {
  const patches = [
    ['src/content.config.ts', "'[0-9][0-9]-*/index.mdx'", "'[0-9][0-9]*-*/index.mdx'"],
    ['src/content/friendly-errors/index.ts', '/^(\\d{2})-([a-z0-9]', '/^(\\d{2,3})-([a-z0-9]'],
    ['src/content/lesson-order/index.ts', '/^(\\d{2})-/', '/^(\\d{2,3})-/'],
  ];
  for (const [file, from, to] of patches) {
    const path = join(root, file);
    if (file.includes('lesson-order') && !existsSync(path)) continue; // newer than some commits
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from))
      throw new Error(`bench:build: ${file} no longer contains ${from}; update widenFolderNumbers()`);
    writeFileSync(path, text.replace(from, to));
  }
}

function copyProject(n) {
  const root = mkdtempSync(join(tmpdir(), `logout-lab-build-${n}-`));
  const source = worktree
    ? `tar -C "${repo}" --exclude=./node_modules --exclude=./bench/node_modules --exclude=./dist --exclude=./.git --exclude=./.astro --exclude=./test-results -cf - .`
    : `git -C "${repo}" archive HEAD`;
  execFileSync('sh', ['-c', `${source} | tar -x -C "${root}"`]);
  // Packages are shared through symlinks, but tool caches (.cache, .vite, .astro) stay per copy, so
  // every build starts cold like a CI build and concurrent builds never share a cache.
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(repo, 'node_modules'))) {
    if (!['.cache', '.vite', '.astro'].includes(name))
      symlinkSync(join(repo, 'node_modules', name), join(root, 'node_modules', name));
  }
  for (const name of readdirSync(join(root, 'lessons'))) {
    if (/^\d{2}-/.test(name)) rmSync(join(root, 'lessons', name), { recursive: true });
  }
  widenFolderNumbers(root);
  for (let i = 1; i <= n; i++) {
    const folder = join(root, 'lessons', `${String(i).padStart(3, '0')}-synthetic-${i}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.mdx'), lesson(i));
  }
  return root;
}

/**
 * The steps of `npm run build` in the copy: each `&&` part of `scripts.build`, then
 * `scripts.postbuild` (npm runs it after build). Run through sh with the copy's node_modules/.bin
 * and this Node first on PATH, as npm would.
 */
function buildSteps(root) {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  const steps = String(scripts.build ?? '')
    .split(/\s*&&\s*/)
    .filter(Boolean)
    .map((command) => ({ label: command.split(/\s+/).slice(0, 2).join(' '), command }));
  if (!steps[0]?.command.startsWith('astro build'))
    throw new Error(`bench:build: package.json "build" no longer starts with astro build: ${scripts.build}`);
  if (scripts.postbuild) steps.push({ label: 'postbuild', command: scripts.postbuild });
  return steps.map((step) => ({ ...step, label: step.label.replace(/^pagefind .*/, 'pagefind') }));
}

function runStep(root, step) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %M', 'sh', '-c', step.command], {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${join(root, 'node_modules/.bin')}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    // 'close', not 'exit': the output is complete only once the pipes have closed.
    child.on('close', (code) => {
      // The last TIME line: /usr/bin/time writes it to stderr once the step has exited.
      const match = [...out.matchAll(/TIME ([\d.]+) (\d+)/g)].pop();
      if (code !== 0 || !match)
        reject(new Error(`${step.label} failed (exit ${code}) in ${root}:\n${out.slice(-3000)}`));
      else resolve({ seconds: Number(match[1]), peakMiB: Number(match[2]) / 1024, out });
    });
  });
}

/** Every step of `npm run build`, one after another: per-step and total time, peak memory. */
async function build(root) {
  const steps = [];
  let artifacts = '';
  for (const step of buildSteps(root)) {
    const result = await runStep(root, step);
    steps.push({ label: step.label, seconds: result.seconds, peakMiB: result.peakMiB });
    artifacts = /deploy-artifacts(?:\]|:) (.*)/.exec(result.out)?.[1] ?? artifacts;
  }
  return {
    seconds: steps.reduce((sum, step) => sum + step.seconds, 0),
    peakMiB: Math.max(...steps.map((step) => step.peakMiB)),
    steps,
    artifacts,
  };
}

const stepLine = (steps) =>
  steps
    .map((step) => `${step.label} ${step.seconds.toFixed(1)} s / ${step.peakMiB.toFixed(0)} MiB`)
    .join(', ');

function lessonHtml(root) {
  const dir = join(root, 'dist', 'lessons');
  // One folder per lesson; dist/lessons/index.html (the list of lessons) is not a lesson page.
  const sizes = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => statSync(join(dir, entry.name, 'index.html')).size);
  return { pages: sizes.length, meanKiB: sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024 };
}

console.log(
  `bench:build — synthetic lessons ${sizes.join(' and ')}, every step of npm run build on Node ${process.version}, ${worktree ? 'working tree of ' : ''}git HEAD ${execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']).toString().trim()}`,
);
console.log(
  `pass: the whole build's cost per lesson at ${Math.max(...sizes)} lessons ≤ ${maxRatio} × its cost per lesson at ${Math.min(...sizes)} (--max-ratio)`,
);
const results = [];
for (const n of sizes) {
  const root = copyProject(n);
  const result = await build(root);
  const html = lessonHtml(root);
  if (html.pages !== n) throw new Error(`expected ${n} lesson pages, the build made ${html.pages}`);
  results.push({
    lessons: n,
    ...result,
    perLessonMs: (result.seconds * 1000) / n,
    lessonHtmlKiB: html.meanKiB,
  });
  console.log(
    `${String(n).padStart(4)} lessons: ${result.seconds.toFixed(1)} s total, ${((result.seconds * 1000) / n).toFixed(0)} ms per lesson, ` +
      `peak ${result.peakMiB.toFixed(0)} MiB, mean lesson HTML ${html.meanKiB.toFixed(1)} KiB` +
      (keep ? `  (kept: ${root})` : ''),
  );
  console.log(`      steps: ${stepLine(result.steps)}`);
  if (result.artifacts) console.log(`      ${result.artifacts}`);
  if (n === sizes[sizes.length - 1]) {
    // Same content again: Astro's caches and the compression cache are warm.
    const again = await build(root);
    console.log(
      `      rebuild without changes: ${again.seconds.toFixed(1)} s, peak ${again.peakMiB.toFixed(0)} MiB (${stepLine(again.steps)}); ${again.artifacts.replace(/^.*; /, '')}`,
    );
    results[results.length - 1].rebuildSeconds = again.seconds;
  }
  if (!keep) rmSync(root, { recursive: true, force: true });
}
let failed = false;
if (results.length >= 2) {
  const byLessons = [...results].sort((x, y) => x.lessons - y.lessons);
  const [a, b] = [byLessons[0], byLessons[byLessons.length - 1]];
  if (a && b && b.lessons > a.lessons) {
    const marginal = ((b.seconds - a.seconds) * 1000) / (b.lessons - a.lessons);
    const ratio = b.perLessonMs / a.perLessonMs;
    failed = ratio > maxRatio;
    console.log(
      `marginal cost ${a.lessons}→${b.lessons}: ${marginal.toFixed(0)} ms per added lesson (the ${a.lessons}-lesson build averaged ${a.perLessonMs.toFixed(0)} ms per lesson)`,
    );
    for (const step of a.steps) {
      const big = b.steps.find((other) => other.label === step.label);
      if (big)
        console.log(
          `      ${step.label}: ${((step.seconds * 1000) / a.lessons).toFixed(0)} → ${((big.seconds * 1000) / b.lessons).toFixed(0)} ms per lesson`,
        );
    }
    console.log(
      `per-lesson cost ratio ${b.lessons}/${a.lessons}: ${ratio.toFixed(2)} (limit ${maxRatio}): ${failed ? 'FAIL, the cost per lesson grows with the course' : 'pass'}`,
    );
    const htmlGrowth = b.lessonHtmlKiB / a.lessonHtmlKiB;
    if (htmlGrowth > 1.2)
      console.log(
        `warning: the mean lesson page grew ${htmlGrowth.toFixed(1)}× (${a.lessonHtmlKiB.toFixed(0)} → ${b.lessonHtmlKiB.toFixed(0)} KiB) from ${a.lessons} to ${b.lessons} lessons: ` +
          'each page holds something that lists every lesson, so the total output grows with the square of the course',
      );
  }
}
console.log(JSON.stringify({ maxRatio, results }));
if (failed) process.exit(1);
