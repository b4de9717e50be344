/**
 * The report as one self-contained HTML page: inline CSS, no script, no external resource (a
 * Content-Security-Policy meta forbids them), traces in <details>. Every string from the target
 * app goes through `esc`, so a cookie value, a Location header or a body holding `<script>` or
 * `</details>` stays text.
 */
import type { AuditReport, AuditResult, AuditStatus } from '..';
import { cleanLine, cleanLines } from '../../host/clean';
import { stackLine } from '../stack';
import { MARK, summaryLine, traceLine } from './lines';

/** HTML text and attribute values: the five characters that can start or end markup. */
export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The page's whole style sheet: status colours for light and dark, each 4.5:1 or more (html-contrast.test.ts). */
export const STYLE = `
:root { color-scheme: light dark; --fail: #b42318; --pass: #067647; --advisory: #b54708; --muted: #5d6679; }
@media (prefers-color-scheme: dark) { :root { --fail: #ff8a80; --pass: #6fdc9a; --advisory: #ffb86b; --muted: #a8b0bd; } }
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #8884; vertical-align: top; }
.status-pass { color: var(--pass); } .status-fail, .status-error { color: var(--fail); }
.status-advisory { color: var(--advisory); } .status-skipped { color: var(--muted); }
section { border-top: 1px solid #8886; margin-top: 1.5rem; }
dt { font-weight: 600; } dd { margin: 0 0 .5rem 1rem; }
pre { overflow-x: auto; padding: .6rem; background: #8881; }
.fix { border-left: 3px solid var(--pass); padding-left: .6rem; }
`;

/** Our own text (a fix): its `code spans` become <code>, everything escaped. */
export function escOwn(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part.slice(1, -1))}</code>` : esc(part)))
    .join('');
}

const LABELS = ['Sent', 'Came back', 'Expected', 'Why it matters'];

const cell = (status: AuditStatus) => `<span class="status-${status}">${MARK[status]} ${status}</span>`;

function section(r: AuditResult): string {
  const lines = cleanLines(r.message);
  const labelled = lines.map((line) => ({ line, label: LABELS.find((l) => line.startsWith(`${l}: `)) }));
  const intro = labelled.filter((l) => l.label === undefined).map((l) => `<p>${esc(l.line)}</p>`);
  const parts = labelled
    .filter((l): l is { line: string; label: string } => l.label !== undefined)
    .map((l) => `<dt>${l.label}</dt><dd>${esc(l.line.slice(l.label.length + 2))}</dd>`);
  return [
    `<section id="${esc(r.id)}">`,
    `<h3>${cell(r.status)} ${esc(r.id)} ${esc(r.title)}</h3>`,
    ...intro,
    parts.length > 0 ? `<dl>${parts.join('')}</dl>` : '',
    r.standards.length > 0 ? `<p>Standards: ${esc(r.standards.join('; '))}</p>` : '',
    r.fix === undefined
      ? ''
      : `<p class="fix"><strong>Fix (${esc(r.fix.stack)}, from the stack guess):</strong> ${escOwn(r.fix.text)}</p>`,
    r.trace.length > 0
      ? `<details><summary>Requests (${r.trace.length})</summary><pre>${r.trace.map((e) => esc(cleanLine(traceLine(e)))).join('\n')}</pre></details>`
      : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

export function formatHtml(report: AuditReport): string {
  const failed = report.results.filter((r) => r.status === 'fail' || r.status === 'error');
  const rows = report.results.map(
    (r) =>
      `<tr><td>${failed.includes(r) ? `<a href="#${esc(r.id)}">${esc(r.id)}</a>` : esc(r.id)}</td><td>${cell(r.status)}</td><td>${esc(r.title)}${
        r.status === 'skipped' || r.status === 'advisory'
          ? `<br><small>${esc(cleanLine(r.message))}</small>`
          : ''
      }</td></tr>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No script, no fetch, no image from anywhere: the page is whole and cannot phone home.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Logout audit of ${esc(report.target)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>Logout audit of ${esc(report.target)}</h1>`,
    `<p>${esc(stackLine(report.stack))}</p>`,
    report.stack.evidence.length > 0
      ? `<ul>${report.stack.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`
      : '',
    `<p>${esc(summaryLine(report))}</p>`,
    '<table>',
    '<thead><tr><th>Check</th><th>Status</th><th>Title</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    failed.length > 0 ? '<h2>Failures</h2>' : '',
    ...failed.map(section),
    '</body>',
    '</html>',
    '',
  ]
    .filter(Boolean)
    .join('\n');
}
