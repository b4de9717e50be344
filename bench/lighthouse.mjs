#!/usr/bin/env node
/**
 * `npm run lighthouse`: Lighthouse (performance, accessibility, best practices, SEO) on the home
 * page and one lesson, served by `npm start` (production headers, compression), in Debian's
 * Chromium (/usr/bin/chromium, never a downloaded browser). Default: Lighthouse's mobile preset
 * with simulated throttling; `--desktop` for the desktop preset. Lists every audit that cost points.
 * Goal: 100 in every category; exit 1 below `--min` (default 0: report only).
 *
 * Usage: node bench/lighthouse.mjs [--desktop] [--min 90] [--pages /,/lessons/…/] [--root project] [--out dir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { pickTargets, repo, requireBuild, requireNode22, startSite } from './lib.mjs';

requireNode22();
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const desktop = args.includes('--desktop');
const min = Number(option('--min', '0'));
const out = option('--out', join(repo, 'test-results', 'lighthouse'));
const root = option('--root', repo);
const dist = join(root, 'dist');
requireBuild(dist);
const pages = option('--pages', `/,${pickTargets(dist).lesson}`).split(',');
const chromePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

const site = await startSite('start', { root });
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
console.log(`lighthouse ${desktop ? 'desktop' : 'mobile'} preset, ${chromePath}, npm start at ${site.url}`);
mkdirSync(out, { recursive: true });
let worst = 100;
try {
  for (const path of pages) {
    const result = await lighthouse(
      site.url + path,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories },
      desktop ? desktopConfig : undefined,
    );
    if (!result) throw new Error(`lighthouse returned nothing for ${path}`);
    const { lhr } = result;
    const scores = categories.map((id) => Math.round((lhr.categories[id]?.score ?? 0) * 100));
    worst = Math.min(worst, ...scores);
    console.log(`\n${path}`);
    console.log(`  ${categories.map((id, i) => `${id} ${scores[i]}`).join('  ')}`);
    const metrics = [
      'first-contentful-paint',
      'largest-contentful-paint',
      'total-blocking-time',
      'cumulative-layout-shift',
      'speed-index',
    ];
    console.log(
      `  ${metrics.map((id) => `${id.replace(/-/g, ' ')} ${lhr.audits[id]?.displayValue ?? 'n/a'}`).join(' · ')}`,
    );
    for (const id of categories) {
      const lost = (lhr.categories[id]?.auditRefs ?? [])
        .filter(
          (ref) =>
            ref.weight > 0 &&
            (lhr.audits[ref.id]?.score ?? 1) < 1 &&
            lhr.audits[ref.id]?.scoreDisplayMode !== 'notApplicable',
        )
        .map(
          (ref) =>
            `${ref.id} (${lhr.audits[ref.id]?.title}: score ${lhr.audits[ref.id]?.score}${lhr.audits[ref.id]?.displayValue ? `, ${lhr.audits[ref.id]?.displayValue}` : ''})`,
        );
      if (lost.length) console.log(`  ${id} lost points on: ${lost.join('; ')}`);
    }
    const file = join(
      out,
      `${desktop ? 'desktop' : 'mobile'}${path.replace(/\W+/g, '-').replace(/-$/, '') || '-home'}.json`,
    );
    writeFileSync(file, JSON.stringify(lhr, null, 1));
    console.log(`  report: ${file}`);
  }
} finally {
  chrome.kill();
  await site.stop();
}
if (worst < min) {
  console.error(`lighthouse: a score of ${worst} is below --min ${min}`);
  process.exit(1);
}
