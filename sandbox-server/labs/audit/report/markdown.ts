/**
 * The report as GitHub-flavoured Markdown, for a PR comment or $GITHUB_STEP_SUMMARY: a table of
 * checks, then a section per failure. Everything from the target app is text, never markup:
 * GitHub renders inline HTML in Markdown, so `<`, `>` and `&` become entities, Markdown's own
 * punctuation is backslash-escaped, and traces go in a fence longer than any backtick run they hold.
 */
import type { AuditReport, AuditResult } from '..';
import { cleanLine } from '../../host/clean';
import { stackLine } from '../stack';
import { MARK, summaryLine, traceLine } from './lines';

/** Inline Markdown text: no HTML, emphasis, links, autolinks, code spans or table breaks from the app. */
export function mdText(text: string): string {
  return cleanLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`)
    .replace(/^([#+=-])/, '\\$1');
}

/** Our own text (a fix): its `code spans` stay code (where HTML is inert), the rest is mdText. */
export function mdOwn(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : mdText(part)))
    .join('');
}

/** A fenced block that the content cannot close: one backtick more than its longest run. */
export function fence(lines: readonly string[], info = 'text'): string {
  const longest = Math.max(
    2,
    ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))),
  );
  const ticks = '`'.repeat(longest + 1);
  return [`${ticks}${info}`, ...lines.map(cleanLine), ticks].join('\n');
}

const LABELS = ['Sent', 'Came back', 'Expected', 'Why it matters'];

function section(r: AuditResult): string[] {
  const out = [`### ${MARK[r.status]} ${r.id} ${mdText(r.title)} (${r.status})`, ''];
  for (const line of r.message.split('\n')) {
    const label = LABELS.find((l) => line.startsWith(`${l}: `));
    out.push(label === undefined ? mdText(line) : `- **${label}:** ${mdText(line.slice(label.length + 2))}`);
  }
  out.push('');
  if (r.standards.length > 0) out.push(`Standards: ${mdText(r.standards.join('; '))}`, '');
  if (r.fix !== undefined)
    out.push(`**Fix (${mdText(r.fix.stack)}, from the stack guess):** ${mdOwn(r.fix.text)}`, '');
  if (r.trace.length > 0) out.push('Requests:', '', fence(r.trace.map(traceLine)), '');
  return out;
}

export function formatMarkdown(report: AuditReport): string {
  const lines = [
    `## Logout audit of ${mdText(report.target)}`,
    '',
    mdText(stackLine(report.stack)),
    ...(report.stack.evidence.length > 0 ? ['', ...report.stack.evidence.map((e) => `- ${mdText(e)}`)] : []),
    '',
    '| Check | Status | Title |',
    '| --- | --- | --- |',
    ...report.results.map((r) => `| ${r.id} | ${MARK[r.status]} ${r.status} | ${mdText(r.title)} |`),
    '',
    mdText(summaryLine(report)),
    '',
  ];
  const failed = report.results.filter((r) => r.status === 'fail' || r.status === 'error');
  if (failed.length > 0) lines.push('### Failures', '', ...failed.flatMap(section));
  return `${lines.join('\n').trimEnd()}\n`;
}
