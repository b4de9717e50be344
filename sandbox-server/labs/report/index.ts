/**
 * The class report of `npm run lab -- grade` in four formats: CSV for a spreadsheet, one
 * self-contained HTML page, JUnit XML for CI dashboards, and JSON for programs. Pure strings (no
 * `node:`), so any runtime can render a report.
 *
 * Almost everything in a report is learner-controlled: folder names, console output, the
 * response bodies in traces. Each format escapes it its own way, and control characters (ANSI
 * escapes that would recolour a terminal or a log viewer, NULs that XML forbids) are shown as
 * visible `\x1b`-style text first. The HTML page runs no script at all: rows expand with
 * `<details>`, and its own Content-Security-Policy forbids scripts should escaping ever miss.
 */
import type { CheckResult, TraceEntry } from '../../checks/types';
import type { ClassReport, GradedRow, Verdict } from '../grade';
import { thrownLine } from '../thrown';

export type ReportFormat = 'csv' | 'html' | 'junit' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'html', 'junit', 'json'];

export function formatReport(report: ClassReport, format: ReportFormat): string {
  if (format === 'csv') return formatCsv(report);
  if (format === 'html') return formatHtml(report);
  if (format === 'junit') return formatJunit(report);
  return `${JSON.stringify(clean(report), null, 2)}\n`;
}

/* ---------- text safety ---------- */

const CONTROL = /\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Control characters and ANSI sequences as visible text; lone surrogates as U+FFFD. */
export function cleanText(text: string): string {
  return text.toWellFormed().replace(CONTROL, (match) =>
    Array.from(match, (char) => {
      const code = char.charCodeAt(0);
      return code < 0x20 || (code >= 0x7f && code <= 0x9f)
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : char;
    }).join(''),
  );
}

/** The same value with every string cleaned (for JSON, which escapes the rest itself). */
function clean<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), clean(v)])) as T;
  return value;
}

/* ---------- CSV ---------- */

/**
 * One row per student: student, verdict, passed/total, one column per check (its status, or
 * empty when the submission could not run), then the reason and notes. A cell that a spreadsheet
 * would read as a formula (`=`, `+`, `-`, `@`) gets a leading `'`: a folder named
 * `=HYPERLINK(…)` is a name, not a formula.
 */
export function formatCsv(report: ClassReport): string {
  const header = ['student', 'verdict', 'passed/total', ...report.checks.map((c) => c.id), 'reason', 'notes'];
  const lines = [
    header,
    ...report.rows.map((row) => [
      row.student,
      row.verdict,
      `${row.passed}/${row.total}`,
      ...report.checks.map((c) => row.results.find((r) => r.id === c.id)?.status ?? ''),
      row.reason ?? '',
      row.notes.join('; '),
    ]),
  ];
  return `${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  let text = cleanText(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^\d+\/\d+$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/* ---------- HTML ---------- */

export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'pass',
  fail: 'fail',
  broken: 'broken',
  tampered: 'tampered',
};

export function formatHtml(report: ClassReport): string {
  const e = escapeHtml;
  const { counts } = report;
  const rows = report.rows.map(htmlRow).join('\n');
  const summary = `${report.rows.length} submission${report.rows.length === 1 ? '' : 's'}: ${counts.pass} passed, ${counts.fail} failed, ${counts.broken} broken${counts.tampered > 0 ? `, ${counts.tampered} tampered` : ''}.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`Grades: lab ${report.lab.slug}`)}</title>
<style>
:root { color-scheme: light dark; --pass: #1a7f37; --fail: #c62828; --broken: #8a5300; --line: #8884; font-family: system-ui, sans-serif; }
body { margin: 2rem auto; max-width: 70rem; padding: 0 1rem; line-height: 1.45; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.checks { font-family: ui-monospace, monospace; font-size: .85rem; }
.v { font-weight: 700; } .v-pass { color: var(--pass); } .v-fail { color: var(--fail); } .v-broken, .v-tampered { color: var(--broken); }
.s-pass { color: var(--pass); } .s-fail, .s-error { color: var(--fail); } .s-advisory { opacity: .7; }
details > summary { cursor: pointer; }
pre { white-space: pre-wrap; word-break: break-word; background: #8881; padding: .5rem; margin: .3rem 0; }
.log { border-left: 4px solid var(--broken); }
.log-title { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; margin: .5rem 0 0; }
</style>
</head>
<body>
<h1>${e(`Lab ${report.lab.slug}: ${report.lab.title}`)}</h1>
<p>${e(summary)} Graded ${e(report.startedAt)} in ${(report.durationMs / 1000).toFixed(1)} s (${report.jobs} at a time) from <code>${e(report.submissionsDir)}</code> (${e(report.layout)} layout).</p>
<p>Checks: ${report.checks.map((c) => `<abbr title="${e(c.title)}">${e(c.id)}</abbr>`).join(', ')}. Open a student to read each failure's explanation and its requests.</p>
<table>
<thead><tr><th scope="col">Student</th><th scope="col">Verdict</th><th scope="col">Passed</th><th scope="col">Details</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

function htmlRow(row: GradedRow): string {
  const e = escapeHtml;
  const marks = row.results
    .map(
      (r) =>
        `<span class="s-${r.status}" title="${e(`${r.id} ${r.title}: ${r.status}`)}">${e(r.id)} ${statusMark(r.status)}</span>`,
    )
    .join(' ');
  const parts: string[] = [];
  if (row.reason !== undefined)
    parts.push(
      `<p><strong>${row.verdict === 'broken' ? 'Could not be graded' : 'Flagged'}:</strong> ${e(row.reason)}</p>`,
    );
  for (const note of row.notes) parts.push(`<p><strong>Note:</strong> ${e(note)}</p>`);
  if (Object.keys(row.origins).length > 0)
    parts.push(
      `<p>Files: ${Object.values(row.origins)
        .map((o) => `<code>${e(o)}</code>`)
        .join(', ')}</p>`,
    );
  if (row.results.length > 0) parts.push(`<p class="checks">${marks}</p>`);
  for (const result of row.results.filter((r) => r.status === 'fail' || r.status === 'error'))
    parts.push(htmlFailure(result));
  const name = `<td><details><summary>${e(row.student)}</summary>${parts.join('\n')}</details></td>`;
  return `<tr>${name}<td class="v v-${row.verdict}">${e(VERDICT_LABEL[row.verdict])}</td><td>${row.passed}/${row.total}</td><td>${
    row.reason !== undefined
      ? e(firstLine(row.reason))
      : e(
          row.results
            .filter((r) => r.status === 'fail' || r.status === 'error')
            .map((r) => r.id)
            .join(', ') || 'all required checks pass',
        )
  }</td></tr>`;
}

function htmlFailure(result: CheckResult): string {
  const e = escapeHtml;
  const sections = [
    `<h3>${e(`${result.id} ${result.title} (${result.status})`)}</h3>`,
    `<pre>${e(result.message)}</pre>`,
    // Where the student's handler threw, if it did: the line to open first.
    ...(result.thrown ? [`<p class="thrown">${e(thrownLine(result.thrown))}</p>`] : []),
    `<p>Hint: ${e(result.hint.concept)} (lesson ${e(String(result.hint.lesson))}).</p>`,
  ];
  if (result.trace.length > 0)
    sections.push(`<p class="log-title">Requests</p><pre>${e(result.trace.map(traceLine).join('\n'))}</pre>`);
  // The student's own output is data: framed and labelled, never mixed into the report's words.
  if (result.logs !== '')
    sections.push(
      `<p class="log-title">The student's console output</p><pre class="log">${e(result.logs)}</pre>`,
    );
  if (result.serverLog !== '')
    sections.push(`<p class="log-title">Server log</p><pre class="log">${e(result.serverLog)}</pre>`);
  return `<section>${sections.join('\n')}</section>`;
}

function statusMark(status: CheckResult['status']): string {
  return status === 'pass' ? '✔' : status === 'fail' ? '✘' : status === 'error' ? '!' : 'i';
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/** `POST /logout [Cookie: session=…] → 303, Location: /`, like `lab check`'s report. */
export function traceLine(entry: TraceEntry): string {
  let path = entry.request.url;
  try {
    const url = new URL(entry.request.url);
    path = `${url.pathname}${url.search}`;
  } catch {
    // Not a URL: shown as it is.
  }
  const cookie = entry.request.headers['cookie'];
  const sent = `${entry.label}: ${entry.request.method} ${path}${cookie === undefined ? '' : ` [Cookie: ${shorten(cookie)}]`}`;
  if (entry.response === undefined)
    return `${sent} → ${entry.error === undefined ? 'no answer' : shorten(entry.error, 200)}`;
  const location = entry.response.headers['location'];
  const got = [
    String(entry.response.status),
    location === undefined ? '' : `Location: ${location}`,
    ...entry.response.setCookie.map((c) => `Set-Cookie: ${shorten(c)}`),
  ];
  return `${sent} → ${got.filter(Boolean).join(', ')}`;
}

function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/* ---------- JUnit ---------- */

function xml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** One `<testsuite>` per student, one `<testcase>` per check; a broken submission is one errored case. */
export function formatJunit(report: ClassReport): string {
  const suites = report.rows.map((row) => {
    const name = xml(row.student);
    if (row.results.length === 0) {
      return `  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0" time="${(row.ms / 1000).toFixed(3)}">
    <testcase classname="${name}" name="load the submission"><error message="${xml(firstLine(row.reason ?? 'broken'))}">${xml(row.reason ?? '')}</error></testcase>
  </testsuite>`;
    }
    const failures =
      row.results.filter((r) => r.status === 'fail').length + (row.verdict === 'tampered' ? 1 : 0);
    const errors = row.results.filter((r) => r.status === 'error').length;
    const cases = row.results.map((r) => {
      const title = xml(`${r.id} ${r.title}`);
      if (r.status === 'pass' || r.status === 'advisory')
        return `    <testcase classname="${name}" name="${title}"/>`;
      const body = [
        r.message,
        ...(r.thrown ? ['', thrownLine(r.thrown)] : []),
        '',
        'Requests:',
        ...r.trace.map(traceLine),
        ...(r.logs === '' ? [] : ['', "The student's console output:", r.logs]),
      ].join('\n');
      const tag = r.status === 'fail' ? 'failure' : 'error';
      return `    <testcase classname="${name}" name="${title}"><${tag} message="${xml(firstLine(r.message))}">${xml(body)}</${tag}></testcase>`;
    });
    if (row.verdict === 'tampered')
      cases.push(
        `    <testcase classname="${name}" name="hand-in integrity"><failure message="${xml(firstLine(row.reason ?? ''))}">${xml(row.reason ?? '')}</failure></testcase>`,
      );
    return `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${(row.ms / 1000).toFixed(3)}">
${cases.join('\n')}
  </testsuite>`;
  });
  const failures = report.rows.filter((r) => r.verdict === 'fail' || r.verdict === 'tampered').length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${xml(`lab ${report.lab.slug}`)}" tests="${report.rows.length}" failures="${failures}" errors="${report.counts.broken}" time="${(report.durationMs / 1000).toFixed(3)}">
${suites.join('\n')}
</testsuites>
`;
}
