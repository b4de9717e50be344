/** One-line pieces every report format shares. */
import type { AuditReport, AuditStatus } from '..';
import type { TraceEntry } from '../../../checks/types';

/** One request of a trace on one line: method, path, the Cookie sent; status, Location and Set-Cookie back. */
export function traceLine(entry: TraceEntry): string {
  const url = new URL(entry.request.url);
  const cookie = entry.request.headers.cookie;
  const sent = `${entry.request.method} ${url.pathname}${url.search}${cookie === undefined ? '' : ` [Cookie: ${cookie}]`}`;
  if (entry.response === undefined) return `${sent} → ${entry.error ?? 'no answer'}`;
  const location = entry.response.headers.location;
  const got = [
    String(entry.response.status),
    location === undefined ? '' : `Location: ${location}`,
    ...entry.response.setCookie.map((c) => `Set-Cookie: ${c}`),
  ];
  return `${sent} → ${got.filter(Boolean).join(', ')}`;
}

export function summaryLine(report: AuditReport): string {
  const { summary } = report;
  const parts = [`${summary.pass} passed`, `${summary.fail} failed`];
  if (summary.error > 0) parts.push(`${summary.error} errored`);
  if (summary.advisory > 0) parts.push(`${summary.advisory} advisory`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped (not run, so not passed)`);
  return `${parts.join(', ')}. ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s.`;
}

/** The mark in front of a check's line. */
export const MARK: Record<AuditStatus, string> = {
  pass: '✔',
  fail: '✘',
  error: '!',
  advisory: 'i',
  skipped: '-',
};
