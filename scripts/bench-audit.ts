/**
 * `npm run bench:audit`: a full audit (discovery included) of each reference app in
 * test/fixtures/audit, timed, with the number of requests it sent. Goal: a full session-cookie
 * audit of a local Flask app under 5 s. BENCH_AUDIT_RUNS (default 3) runs per app; the median is shown.
 */
import { fileURLToPath } from 'node:url';
import { runAudit } from '../sandbox-server/labs/audit';
import { flaskPython } from '../test/helpers/flask-python';
import { startApp } from '../test/helpers/reference-app';

const GOAL_MS = 5000;
const runs = Number(process.env.BENCH_AUDIT_RUNS ?? 3);
const apps = ['flask-seed', 'flask-correct'];
const password = 'bench password';
let failed = false;

for (const name of apps) {
  const script = fileURLToPath(new URL(`../test/fixtures/audit/${name}/app.py`, import.meta.url));
  const app = await startApp(flaskPython().python, [script], { APP_PASSWORD: password }, '/login');
  try {
    const times: number[] = [];
    let requests = 0;
    let summary = '';
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const report = await runAudit({ target: app.url, username: 'alice', password });
      times.push(performance.now() - started);
      requests = report.requests;
      summary = Object.entries(report.summary)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ');
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    const ok = median < GOAL_MS;
    if (!ok) failed = true;
    console.log(
      `${name}: ${(median / 1000).toFixed(2)} s median of ${runs} (goal < ${GOAL_MS / 1000} s ${ok ? 'met' : 'MISSED'}), ${requests} requests; ${summary}`,
    );
  } finally {
    await app.stop();
  }
}
process.exitCode = failed ? 1 : 0;
