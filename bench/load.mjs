#!/usr/bin/env node
/**
 * `npm run bench:load`: autocannon on loopback against `npm start` and, for comparison, `astro
 * preview`, both serving the same dist/. Per target (a lesson page, a hashed /_astro/ asset):
 * requests/s, p99 latency, errors; and the server's resident memory before, between and after
 * the runs (a second lesson run at the end shows whether memory keeps growing).
 * Fails (exit 1) if `npm start` answers anything but 2xx or drops a request, or if its resident
 * memory grows by more than `--max-growth` MiB (default 16) during the last run. That run repeats
 * the first lesson run after the asset run, so the server has already met this load twice: the
 * heap and socket buffers have sized themselves, and what is left is per-request memory that is
 * never freed. A default run makes 40k-160k requests on 2 shared cores, so 16 MiB is 100-400 bytes
 * a request: above the RSS noise of GC timing (a few MiB; +0.3 MiB measured) and below what
 * keeping anything per request (a header map, a buffer, a closure) would add.
 *
 * Usage: node bench/load.mjs [--connections 100] [--duration 20] [--max-growth 16] [--root <project with dist/>] [--no-preview]
 */
import autocannon from 'autocannon';
import { pickTargets, repo, requireBuild, requireNode22, rssMiB, startSite } from './lib.mjs';

requireNode22();
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const connections = Number(option('--connections', '100'));
const duration = Number(option('--duration', '20'));
const maxGrowth = Number(option('--max-growth', '16'));
const root = option('--root', repo);
const dist = `${root}/dist`;
const withPreview = !args.includes('--no-preview');
if (!(connections > 0) || !(duration > 0) || !(maxGrowth > 0)) {
  console.error('bench:load: --connections, --duration and --max-growth must be positive numbers');
  process.exit(2);
}
requireBuild(dist);
const { lesson, asset } = pickTargets(dist);

/** What a browser sends: compressed responses welcome. */
const headers = { 'accept-encoding': 'br, gzip, deflate', accept: 'text/html,*/*' };

async function run(url) {
  const result = await autocannon({ url, connections, duration, headers, pipelining: 1 });
  return {
    url,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    bytesPerSec: result.throughput.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

async function bench(kind) {
  const site = await startSite(kind, { root });
  // Warm up both targets at full concurrency (JIT, socket buffers, autocannon itself) before the baseline.
  const warm = Math.min(5, duration);
  await autocannon({ url: site.url + lesson, connections, duration: warm, headers });
  await autocannon({ url: site.url + asset, connections, duration: warm, headers });
  const memory = { idle: rssMiB(site.pid) };
  const lessonRun = await run(site.url + lesson);
  memory.afterLesson = rssMiB(site.pid);
  const assetRun = await run(site.url + asset);
  memory.afterAsset = rssMiB(site.pid);
  const lessonAgain = await run(site.url + lesson);
  memory.afterSecondLesson = rssMiB(site.pid);
  const code = await site.stop();
  return { kind, lessonRun, assetRun, lessonAgain, memory, exitCode: code };
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
function report(r) {
  console.log(`\n${r.kind === 'start' ? 'npm start (src/server)' : 'astro preview'}`);
  for (const [label, run] of [
    ['lesson page', r.lessonRun],
    ['hashed asset', r.assetRun],
    ['lesson page, again', r.lessonAgain],
  ]) {
    console.log(
      `  ${label.padEnd(19)} ${fmt(run.rps).padStart(7)} req/s  p50 ${fmt(run.p50)} ms  p99 ${fmt(run.p99)} ms  max ${fmt(run.max)} ms  ` +
        `${(run.bytesPerSec / 1048576).toFixed(1)} MiB/s  errors ${run.errors}  timeouts ${run.timeouts}  non-2xx ${run.non2xx}  (${run.requests} requests)`,
    );
  }
  const m = r.memory;
  console.log(
    `  memory (RSS MiB)    idle ${fmt(m.idle, 1)} → after lesson ${fmt(m.afterLesson, 1)} → after asset ${fmt(m.afterAsset, 1)} → after second lesson ${fmt(m.afterSecondLesson, 1)}`,
  );
  if (r.kind === 'start') console.log(`  graceful exit code on SIGTERM: ${r.exitCode}`);
}

console.log(
  `bench:load — autocannon ${connections} connections × ${duration} s per run, loopback, Node ${process.version}`,
);
console.log(
  `fails on any npm start error, timeout or non-2xx, or RSS growth over ${maxGrowth} MiB in the steady-state (last) run`,
);
console.log(`lesson page: ${lesson}\nhashed asset: ${asset}\nrequest headers: ${JSON.stringify(headers)}`);
const start = await bench('start');
report(start);
let preview = null;
if (withPreview) {
  preview = await bench('preview');
  report(preview);
  console.log('\nnpm start ÷ astro preview');
  console.log(
    `  lesson page: ${(start.lessonRun.rps / preview.lessonRun.rps).toFixed(2)}× req/s, p99 ${fmt(start.lessonRun.p99)} vs ${fmt(preview.lessonRun.p99)} ms`,
  );
  console.log(
    `  hashed asset: ${(start.assetRun.rps / preview.assetRun.rps).toFixed(2)}× req/s, p99 ${fmt(start.assetRun.p99)} vs ${fmt(preview.assetRun.p99)} ms`,
  );
}
const failures = [start.lessonRun, start.assetRun, start.lessonAgain].filter(
  (r) => r.errors || r.timeouts || r.non2xx,
);
// Early growth is the heap sizing itself to the load; a leak keeps growing run after run.
const growth = start.memory.afterSecondLesson - start.memory.afterAsset;
const grew = !Number.isFinite(growth) || growth > maxGrowth;
console.log(
  `\nnpm start memory change during the last run (steady state): ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MiB ` +
    `(limit +${maxGrowth} MiB): ${grew ? 'FAIL' : 'pass'}`,
);
console.log(
  JSON.stringify({ connections, duration, maxGrowthMiB: maxGrowth, lesson, asset, start, preview }),
);
if (failures.length) {
  console.error(`bench:load: npm start had errors, timeouts or non-2xx answers in ${failures.length} run(s)`);
}
if (grew) {
  console.error(
    `bench:load: npm start's resident memory grew by ${growth.toFixed(1)} MiB in the steady-state run (limit ${maxGrowth} MiB): a leak per request?`,
  );
}
if (failures.length || grew) process.exit(1);
