#!/usr/bin/env node
/**
 * `npm run bench:weight`: page weight of the built site.
 * 1. The site's own budget check, `scripts/size.mjs` (per page: JS and CSS gzip before any
 *    interaction, lesson pages under the course budget). Its verdict is this script's verdict.
 * 2. What `npm start` really sends on a first visit: brotli bytes of HTML + JS + CSS per page.
 * 3. The lab bundle, reported separately: everything "Start lab" loads (the lab UI, editor,
 *    runtime adapters, the Worker and its chunks, lab CSS), which lesson pages do not pay for.
 *
 * Usage: node bench/page-weight.mjs [--dist dist]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { repo, requireBuild, requireNode22 } from './lib.mjs';

requireNode22();
const args = process.argv.slice(2);
const distIndex = args.indexOf('--dist');
const dist = distIndex >= 0 && args[distIndex + 1] ? args[distIndex + 1] : join(repo, 'dist');
requireBuild(dist);

console.log(`$ node scripts/size.mjs --dist ${dist}`);
const size = spawnSync(process.execPath, [join(repo, 'scripts/size.mjs'), '--dist', dist], {
  stdio: 'inherit',
});

const assets = join(dist, '_astro');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
/** The bytes the server sends: the prebuilt .br when there is one (else compressed here the same way). */
const br = (file) =>
  existsSync(`${file}.br`)
    ? statSync(`${file}.br`).size
    : brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '_astro' || name === 'pagefind' ? [] : pages(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** Every /_astro/ file a module names: static and dynamic imports, preload lists, Worker URLs. */
function references(file) {
  const code = readFileSync(file, 'utf8');
  const found = new Set();
  for (const [, name] of code.matchAll(/["'`](?:[^"'`\s]*\/)?([\w.~-]+\.(?:js|mjs|css|json|wasm))["'`]/g)) {
    const path = join(assets, name);
    if (existsSync(path) && path !== file) found.add(path);
  }
  return found;
}

/** Static imports only (what runs before interaction), like scripts/size.mjs follows. */
function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  const found = new Set();
  for (const [, spec] of code.matchAll(
    /(?:^|[^.\w$])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g,
  )) {
    const path = join(assets, basename(spec));
    if (existsSync(path)) found.add(path);
  }
  return found;
}

function closure(starts, follow) {
  const seen = new Set();
  const queue = [...starts];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (/\.m?js$/.test(file)) for (const next of follow(file)) queue.push(next);
  }
  return seen;
}

/** Files a page loads before interaction: stylesheets, scripts and their static imports. */
function initialFiles(page) {
  const html = readFileSync(page, 'utf8');
  const files = new Set();
  for (const [, href] of html.matchAll(
    /<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="\/_astro\/([^"]+)"/g,
  ))
    files.add(join(assets, href));
  for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc="\/_astro\/([^"]+)"/g))
    files.add(join(assets, src));
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => m[1] ?? '',
  );
  const fromInline = new Set();
  for (const code of inline) {
    for (const [, spec] of code.matchAll(
      /(?:^|[^.\w$])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g,
    )) {
      const path = join(assets, basename(spec));
      if (existsSync(path)) fromInline.add(path);
    }
  }
  return { files: closure([...files, ...fromInline].filter(existsSync), staticImports), html, inline };
}

console.log('\nWhat npm start sends on a first visit (brotli, from the prebuilt .br files)');
const rows = [];
for (const page of pages(dist).sort()) {
  const { files } = initialFiles(page);
  const js = [...files].filter((f) => /\.m?js$/.test(f)).reduce((sum, f) => sum + br(f), 0);
  const css = [...files].filter((f) => f.endsWith('.css')).reduce((sum, f) => sum + br(f), 0);
  const path = `/${relative(dist, page).split(sep).join('/')}`.replace(/index\.html$/, '');
  rows.push({ path, html: br(page), js, css });
}
const width = Math.max(...rows.map((r) => r.path.length));
console.log(
  `${'Page'.padEnd(width)}  ${'HTML br'.padStart(9)}  ${'JS br'.padStart(9)}  ${'CSS br'.padStart(9)}  ${'Total'.padStart(9)}`,
);
for (const r of rows) {
  console.log(
    `${r.path.padEnd(width)}  ${kb(r.html).padStart(9)}  ${kb(r.js).padStart(9)}  ${kb(r.css).padStart(9)}  ${kb(r.html + r.js + r.css).padStart(9)}`,
  );
}

// The lab: modules a lesson page's lab boot code names beyond what the page already loaded.
const labPage = pages(dist).find((page) => readFileSync(page, 'utf8').includes('data-lab-start'));
if (!labPage) {
  console.log('\nLab bundle: no page has a lab (data-lab-start), nothing to report.');
} else {
  const { files: initial, inline } = initialFiles(labPage);
  const bootModules = [...initial].filter(
    (f) => /\.m?js$/.test(f) && readFileSync(f, 'utf8').includes('data-lab-start'),
  );
  const bootInline = inline.some((code) => code.includes('data-lab-start'));
  const starts = new Set(bootModules.flatMap((f) => [...references(f)]));
  if (bootInline) {
    for (const code of inline.filter((c) => c.includes('data-lab-start'))) {
      for (const [, name] of code.matchAll(/["'`](?:[^"'`\s]*\/)?([\w.~-]+\.(?:js|mjs|css))["'`]/g))
        if (existsSync(join(assets, name))) starts.add(join(assets, name));
    }
  }
  const lab = [...closure(starts, references)].filter((f) => !initial.has(f));
  // Worker entries: the files a `new Worker(new URL("…"))` call in the lab names.
  const workers = new Set();
  for (const file of lab.filter((f) => /\.m?js$/.test(f))) {
    for (const call of readFileSync(file, 'utf8').matchAll(
      /new\s+Worker\s*\(\s*new\s+URL\(\s*["'`]([^"'`]+)["'`]/g,
    )) {
      workers.add(join(assets, basename(call[1] ?? '')));
    }
  }
  const workerFiles = closure(
    [...workers].filter((w) => lab.includes(w)),
    staticImports,
  );
  const groups = {
    'main-thread JS': lab.filter((f) => /\.m?js$/.test(f) && !workerFiles.has(f)),
    'Worker JS (entry + its imports)': lab.filter((f) => workerFiles.has(f)),
    CSS: lab.filter((f) => f.endsWith('.css')),
    'other (data)': lab.filter((f) => !/\.(m?js|css)$/.test(f)),
  };
  console.log(
    `\nLab bundle (loaded on "Start lab", measured from ${`/${relative(dist, labPage).split(sep).join('/')}`.replace(/index\.html$/, '')})`,
  );
  let totalGz = 0;
  let totalBr = 0;
  for (const [label, files] of Object.entries(groups)) {
    if (!files.length) continue;
    const g = files.reduce((s, f) => s + gz(f), 0);
    const b = files.reduce((s, f) => s + br(f), 0);
    totalGz += g;
    totalBr += b;
    console.log(
      `  ${label.padEnd(32)} ${String(files.length).padStart(3)} files  gzip ${kb(g).padStart(9)}  br ${kb(b).padStart(9)}`,
    );
  }
  console.log(
    `  ${'total'.padEnd(32)} ${String(lab.length).padStart(3)} files  gzip ${kb(totalGz).padStart(9)}  br ${kb(totalBr).padStart(9)}`,
  );
  // Data the lab fetches by URL at run time (the WebContainer file tree), outside /_astro/.
  const labData = existsSync(join(dist, 'lab'))
    ? readdirSync(join(dist, 'lab')).filter((n) => !/\.(br|gz)$/.test(n))
    : [];
  for (const name of labData) {
    const file = join(dist, 'lab', name);
    console.log(
      `  ${`/lab/${name} (WebContainer boot only)`.padEnd(32)}        gzip ${kb(gz(file)).padStart(9)}  br ${kb(br(file)).padStart(9)}`,
    );
  }
  const largest = lab
    .map((f) => ({ f, g: gz(f) }))
    .sort((a, b) => b.g - a.g)
    .slice(0, 5);
  console.log(`  largest: ${largest.map(({ f, g }) => `${basename(f)} ${kb(g)}`).join(', ')}`);
  console.log(
    "  (an upper bound: both runtime adapters and every lab's lazy source chunks are counted; the WebContainer",
  );
  console.log('   runtime itself is fetched from StackBlitz at boot and is not part of this site)');
}
process.exit(size.status ?? 1);
