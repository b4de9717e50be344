#!/usr/bin/env node
/**
 * Page weight of the built site: for every HTML page in dist/, the gzip size of the JavaScript
 * and CSS it loads before any interaction. Follows <script src>, inline <script>,
 * <link rel="stylesheet">, <link rel="modulepreload">, inline <style>, and the static imports
 * inside each JS module (dynamic import() is not followed: that is code loaded later, such as
 * the lab on "Start lab").
 *
 * Fails (exit 1) when a lesson page ships more than the budget of JS (default 25 KB gzip), or
 * when any page loads a cross-origin subresource (the site must work cross-origin isolated).
 *
 * Usage: node scripts/size.mjs [--dist dist] [--budget-kb 25]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ArgsError, parseCommandLine } from '../sandbox-server/labs/args/index.ts';

const USAGE = 'Usage: node scripts/size.mjs [--dist dist] [--budget-kb 25]';
let values;
try {
  ({ values } = parseCommandLine(process.argv.slice(2), {
    dist: { type: 'string', default: 'dist' },
    'budget-kb': { type: 'string', default: '25' },
  }));
} catch (error) {
  if (!(error instanceof ArgsError)) throw error;
  const { kind, option } = error.problem;
  console.error(
    `size: ${kind === 'unknown' ? `unknown option ${option}` : `${option} needs a value`}.\n${USAGE}`,
  );
  process.exit(2);
}
const dist = values.dist;
const budgetKb = Number(values['budget-kb']);
if (!existsSync(dist)) {
  console.error(`size: ${dist}/ does not exist. Run \`npm run build\` first.`);
  process.exit(2);
}
if (!Number.isFinite(budgetKb) || budgetKb <= 0) {
  console.error('size: --budget-kb must be a positive number');
  process.exit(2);
}

const gzip = (text) => gzipSync(text, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function htmlPages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlPages(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** Attribute value from a tag's source, e.g. attr('<script src="/a.js">', 'src'). */
function attr(tag, name) {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

const crossOrigin = (url) => /^(https?:)?\/\//i.test(url);

/** Site path (/_astro/x.js) or page-relative path → file in dist. */
function fileFor(url, fromFile) {
  const clean = url.split(/[?#]/)[0];
  if (clean.startsWith('/')) return join(dist, clean);
  return join(dirname(fromFile), clean);
}

/** A JS module and its static imports, each file once. */
function collectModule(file, seen) {
  if (seen.has(file) || !existsSync(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  // import x from "./a.js" · import "./a.js" · export {x} from "./a.js" (never import("…"))
  const pattern = /(?:^|[^.\w$])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
  for (const [, specifier] of code.matchAll(pattern)) {
    if (specifier.startsWith('.') || specifier.startsWith('/')) collectModule(fileFor(specifier, file), seen);
  }
}

function measure(page) {
  const html = readFileSync(page, 'utf8');
  const jsFiles = new Set();
  const cssFiles = new Set();
  const problems = [];
  let inlineJs = 0;
  let inlineCss = 0;

  for (const [tag, body] of html.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/gi)) {
    const type = (attr(tag, 'type') ?? '').toLowerCase();
    if (type && !['module', 'text/javascript', 'application/javascript'].includes(type)) continue;
    const src = attr(tag, 'src');
    if (src) {
      if (crossOrigin(src)) problems.push(`cross-origin script ${src}`);
      else if (type === 'module') collectModule(fileFor(src, page), jsFiles);
      else jsFiles.add(fileFor(src, page));
    } else if (body.trim()) inlineJs += gzip(body);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attr(tag, 'href');
    if (!href) continue;
    if (crossOrigin(href) && !rel.includes('canonical') && !rel.includes('alternate'))
      problems.push(`cross-origin ${rel.join(' ')} ${href}`);
    else if (rel.includes('stylesheet')) cssFiles.add(fileFor(href, page));
    else if (rel.includes('modulepreload')) collectModule(fileFor(href, page), jsFiles);
  }
  for (const [, body] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) inlineCss += gzip(body);
  for (const [tag] of html.matchAll(/<(?:img|iframe|source|video|audio)\b[^>]*>/gi)) {
    const src = attr(tag, 'src');
    if (src && crossOrigin(src)) problems.push(`cross-origin media ${src}`);
  }

  const sum = (files) =>
    [...files].reduce((total, file) => total + (existsSync(file) ? gzip(readFileSync(file)) : 0), 0);
  for (const file of [...jsFiles, ...cssFiles])
    if (!existsSync(file)) problems.push(`missing asset ${relative(dist, file)}`);
  return {
    page: `/${relative(dist, page).split(sep).join('/')}`.replace(/index\.html$/, ''),
    js: sum(jsFiles) + inlineJs,
    css: sum(cssFiles) + inlineCss,
    files: jsFiles.size + cssFiles.size,
    problems,
  };
}

const rows = htmlPages(dist)
  .map(measure)
  .sort((a, b) => a.page.localeCompare(b.page));
const budget = budgetKb * 1024;
const width = Math.max(4, ...rows.map((r) => r.page.length));
console.log(`${'Page'.padEnd(width)}  ${'JS gzip'.padStart(9)}  ${'CSS gzip'.padStart(9)}  Files`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(9)}  ${'-'.repeat(9)}  -----`);
const failures = [];
for (const row of rows) {
  const lesson = row.page.startsWith('/lessons/');
  const over = lesson && row.js > budget;
  console.log(
    `${row.page.padEnd(width)}  ${kb(row.js).padStart(9)}  ${kb(row.css).padStart(9)}  ${String(row.files).padStart(5)}${over ? '  OVER BUDGET' : ''}`,
  );
  if (over)
    failures.push(
      `${row.page} ships ${kb(row.js)} of JavaScript before the lab starts; the budget is ${budgetKb} KB gzip.`,
    );
  for (const problem of row.problems) failures.push(`${row.page}: ${problem}`);
}
const lessons = rows.filter((r) => r.page.startsWith('/lessons/'));
if (lessons.length) {
  const largest = lessons.reduce((a, b) => (b.js > a.js ? b : a));
  console.log(
    `\nLargest lesson page JS: ${kb(largest.js)} (${largest.page}); budget ${budgetKb} KB gzip per lesson page.`,
  );
}
if (failures.length) {
  console.error(`\nsize: ${failures.length} problem(s):\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
