/**
 * The audit's report in its three forms (text, JSON, JUnit) and the masking every form goes
 * through first: the password never appears, and cookie values and CSRF tokens keep only a short
 * prefix unless --show-secrets.
 */
import { cleanLine, cleanLines } from '../../host/clean';
import type { TraceEntry } from '../../../checks/types';
import type { AuditReport, AuditResult, AuditStatus } from '..';
import { stackLine } from '../stack';
import { MARK, summaryLine, traceLine } from './lines';

export { summaryLine };

/** How many characters of a secret stay visible. */
export const PREFIX = 6;

/** The first characters of a secret; a value already shortened ("abc…", a check's preview) stays shortened. */
const maskValue = (value: string): string => {
  const whole = value.replace(/…$/, '');
  return whole.length <= PREFIX && whole === value ? value : `${whole.slice(0, PREFIX)}…`;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface MaskOptions {
  password: string;
  showSecrets: boolean;
}

/** A copy of the report that is safe to print or upload. */
export function maskReport(report: AuditReport, options: MaskOptions): AuditReport {
  const { profile } = report;
  const cookies = [profile.cookies.session, profile.cookies.remember].filter((n): n is string => n !== null);
  const fields = [
    ...new Set(
      [profile.login.csrf?.field, profile.logout.csrf?.field].filter((n): n is string => n !== undefined),
    ),
  ];
  const passwordForms = [
    options.password,
    encodeURIComponent(options.password),
    new URLSearchParams({ p: options.password }).toString().slice(2),
  ].filter((form, i, all) => form !== '' && all.indexOf(form) === i);
  // Longest first, so a shorter form inside a longer one cannot leave part of it behind.
  passwordForms.sort((a, b) => b.length - a.length);
  const patterns: RegExp[] = options.showSecrets
    ? []
    : [
        // name=value in Cookie headers, Set-Cookie lines and messages (a preview "abc…" included).
        ...cookies.map((name) => new RegExp(`(\\b${escapeRegExp(name)}=)([^\\s;,"&]+)`, 'g')),
        // CSRF tokens in form bodies (field=value) and in hidden inputs (name="field" … value="…").
        ...fields.map((name) => new RegExp(`(\\b${escapeRegExp(name)}=)([^\\s;&"]+)`, 'g')),
        ...fields.map(
          (name) => new RegExp(`(name=["']?${escapeRegExp(name)}["']?[^>]*?value=["'])([^"']+)`, 'g'),
        ),
      ];
  const scrub = (text: string): string => {
    let out = text;
    for (const form of passwordForms) out = out.split(form).join('********');
    for (const pattern of patterns)
      out = out.replace(pattern, (_all, head: string, value: string) => `${head}${maskValue(value)}`);
    return out;
  };
  const scrubEntry = (entry: TraceEntry): TraceEntry => {
    const copy: TraceEntry = {
      label: scrub(entry.label),
      request: {
        method: entry.request.method,
        url: scrub(entry.request.url),
        headers: Object.fromEntries(Object.entries(entry.request.headers).map(([k, v]) => [k, scrub(v)])),
      },
    };
    if (entry.request.body !== undefined) copy.request.body = scrub(entry.request.body);
    if (entry.response !== undefined)
      copy.response = {
        status: entry.response.status,
        headers: Object.fromEntries(Object.entries(entry.response.headers).map(([k, v]) => [k, scrub(v)])),
        setCookie: entry.response.setCookie.map(scrub),
        body: scrub(entry.response.body),
      };
    if (entry.error !== undefined) copy.error = scrub(entry.error);
    return copy;
  };
  return {
    ...report,
    results: report.results.map((r) => ({ ...r, message: scrub(r.message), trace: r.trace.map(scrubEntry) })),
    found: report.found.map(scrub),
    stack: { guess: report.stack.guess, evidence: report.stack.evidence.map(scrub) },
  };
}

// ---- text -----------------------------------------------------------------------------------

const COLOUR: Record<AuditStatus, string> = {
  pass: '32',
  fail: '31',
  error: '31',
  advisory: '33',
  skipped: '2',
};

/** The readable report; `colour` only when the output is a terminal. */
export function formatText(report: AuditReport, colour: boolean): string {
  const paint = (status: AuditStatus, text: string) =>
    colour ? `\u001b[${COLOUR[status]}m${text}\u001b[0m` : text;
  const lines = [`Audit of ${report.target}`];
  if (report.found.length > 0)
    lines.push(
      '',
      'Discovered (saved with --save-profile, reused with --profile):',
      ...report.found.map((f) => `  ${f}`),
    );
  lines.push('', stackLine(report.stack), ...report.stack.evidence.map((e) => `  ${cleanLine(e)}`), '');
  for (const r of report.results) {
    lines.push(
      paint(r.status, `${MARK[r.status]} ${r.id} ${r.title}${r.status === 'pass' ? '' : ` (${r.status})`}`),
    );
    if (r.status === 'pass') continue;
    for (const line of cleanLines(r.message)) lines.push(`    ${line}`);
    if (r.status === 'skipped') continue;
    lines.push(`    Standards: ${r.standards.join('; ')}`);
    if (r.fix !== undefined)
      lines.push(`    Fix (${r.fix.stack}, from the stack guess): ${cleanLine(r.fix.text)}`);
    if (r.status === 'fail' || r.status === 'error') {
      lines.push('    Requests:');
      for (const entry of r.trace) lines.push(`      ${cleanLine(traceLine(entry))}`);
    }
  }
  lines.push('', summaryLine(report));
  return lines.join('\n');
}

// ---- json -----------------------------------------------------------------------------------

/** The versioned JSON report: "schema", "target" and "results" come first. */
export function formatJson(report: AuditReport): string {
  const { schema, target, results, ...rest } = report;
  return JSON.stringify({ schema, target, results, ...rest }, null, 2);
}

// ---- junit ----------------------------------------------------------------------------------

/** XML text: the five entities escaped, and the characters XML 1.0 forbids dropped. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcase(r: AuditResult): string {
  const head = `    <testcase classname="logout-lab.audit" name="${xml(`${r.id} ${r.title}`)}">`;
  const first = r.message.split('\n')[0] ?? '';
  const detail = () =>
    xml(
      [
        r.message,
        '',
        `Standards: ${r.standards.join('; ')}`,
        ...(r.fix === undefined ? [] : [`Fix (${r.fix.stack}, from the stack guess): ${r.fix.text}`]),
        'Requests:',
        ...r.trace.map((e) => `  ${traceLine(e)}`),
      ].join('\n'),
    );
  if (r.status === 'pass') return `${head}</testcase>`;
  if (r.status === 'skipped') return `${head}\n      <skipped message="${xml(first)}"/>\n    </testcase>`;
  if (r.status === 'advisory')
    return `${head}\n      <system-out>${xml(r.message)}</system-out>\n    </testcase>`;
  const tag = r.status === 'fail' ? 'failure' : 'error';
  return `${head}\n      <${tag} message="${xml(first)}">${detail()}</${tag}>\n    </testcase>`;
}

/** One testcase per check, so CI systems show failures and skips without plugins. */
export function formatJunit(report: AuditReport): string {
  const { summary } = report;
  const counts = `tests="${report.results.length}" failures="${summary.fail}" errors="${summary.error}" skipped="${summary.skipped}" time="${(report.durationMs / 1000).toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="logout-lab audit" ${counts}>`,
    `  <testsuite name="${xml(`logout-lab audit of ${report.target}`)}" ${counts}>`,
    ...report.results.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export { formatMarkdown } from './markdown';
export { formatHtml } from './html';
