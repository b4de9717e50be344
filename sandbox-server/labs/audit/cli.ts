/**
 * `npm run lab -- audit <url> --user U --password-env VAR [options]`: audits a running app (see
 * ./index.ts). Exit codes: 0 every check that ran passed (advisories and skips included), 1 a check
 * failed or errored, 2 bad input, or nothing could be reached.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { TransportError } from '../../checks/transport';
import { ArgsError, parseCommandLine } from '../args';
import { AuditInputError, DiscoveryError, runAudit, type AuditOptions } from '.';
import { DEFAULT_DELAY_MS, DEFAULT_MAX_REQUESTS } from './polite';
import { parseProfileText, ProfileError } from './profile';
import { SCHEMA_FILE } from './profile/write-schema';
import { formatHtml, formatJson, formatJunit, formatMarkdown, formatText, maskReport } from './report';

export const AUDIT_USAGE = `  audit <url> --user <name> --password-env <VAR>           audit a running app's logout over HTTP (loopback only
        [--profile FILE] [--save-profile FILE]              unless --allow-remote); see "Audit your own app"
        [--checks LO-04,LO-10] [--lesson 05]                in README.md
        [--format text|json|junit|markdown|html] [--out FILE]
        [--report FORMAT=FILE ...]                          several reports from one audit (one login)
        [--allow-remote] [--show-secrets] [--delay MS] [--max-requests N]`;

export interface AuditIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where --password-env is read (default process.env). */
  env?: Record<string, string | undefined>;
  /** Colour in the text report (default: stdout is a terminal and NO_COLOR is unset). */
  colour?: boolean;
  /** Hooks for tests: the transport under the polite one, timeouts. */
  audit?: Pick<AuditOptions, 'inner' | 'timeoutMs'>;
}

const OPTIONS = {
  user: { type: 'string' },
  'password-env': { type: 'string' },
  password: { type: 'string' },
  profile: { type: 'string' },
  'save-profile': { type: 'string' },
  checks: { type: 'string' },
  lesson: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  // Several formats from one audit (a JUnit file and a job summary): one set of logins, not one per format.
  report: { type: 'string', multiple: true },
  'allow-remote': { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
  delay: { type: 'string' },
  'max-requests': { type: 'string' },
} as const;

class UsageError extends Error {}

const FORMATS = ['text', 'json', 'junit', 'markdown', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** True for this machine: localhost names, 127.0.0.0/8 and ::1. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

function count(text: string | undefined, option: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`${option} must be a whole number of at least ${min}, got "${text}".`);
  return value;
}

export async function auditCommand(argv: readonly string[], io: AuditIo): Promise<number> {
  try {
    return await audit(argv, io);
  } catch (error) {
    if (error instanceof UsageError) io.stderr(`${error.message}\n\nUsage: npm run lab --\n${AUDIT_USAGE}`);
    else if (
      error instanceof ProfileError ||
      error instanceof AuditInputError ||
      error instanceof DiscoveryError
    )
      io.stderr(error.message);
    else if (error instanceof TransportError) io.stderr(`Nothing could be reached: ${error.message}`);
    else throw error;
    return 2;
  }
}

async function audit(argv: readonly string[], io: AuditIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, OPTIONS);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    const { kind, option } = error.problem;
    if (kind === 'missing-value') throw new UsageError(`${option} needs a value.`);
    if (kind === 'unexpected-value')
      throw new UsageError(`${option} takes no value: write ${option} on its own.`);
    throw new UsageError(`Unknown option ${option} for "audit".`);
  }
  const { values, positionals } = parsed;
  const [target, extra] = positionals;
  if (target === undefined)
    throw new UsageError(
      '"audit" needs the app\'s URL, e.g. npm run lab -- audit http://localhost:5000 --user alice --password-env APP_PASSWORD.',
    );
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  if (values.password !== undefined)
    throw new UsageError(
      '--password is not accepted: a password on the command line ends up in your shell history and the process list. Put it in an environment variable and pass its name with --password-env.',
    );
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`"${target}" is not a URL; write it like http://localhost:5000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`"${target}" must start with http:// or https://.`);
  if (!isLoopback(url.hostname) && values['allow-remote'] !== true)
    throw new UsageError(
      `${url.hostname} is not a loopback address. The audit logs in and out of a real account, many times, so it only targets this machine (localhost, 127.0.0.1, ::1) unless you pass --allow-remote, for an app you are allowed to test.`,
    );
  if (values.user === undefined)
    throw new UsageError('"audit" needs --user <name>: the account it logs in as.');
  const variable = values['password-env'];
  if (variable === undefined)
    throw new UsageError(
      '"audit" needs --password-env <VAR>: the name of the environment variable that holds the password.',
    );
  const password = (io.env ?? process.env)[variable];
  if (password === undefined || password === '')
    throw new UsageError(`The environment variable ${variable} (from --password-env) is not set or empty.`);
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}".`);
  const reports = (values.report ?? []).map((spec) => {
    const at = spec.indexOf('=');
    const kind = at === -1 ? spec : spec.slice(0, at);
    const file = at === -1 ? '' : spec.slice(at + 1);
    if (!(FORMATS as readonly string[]).includes(kind) || file === '')
      throw new UsageError(
        `--report takes FORMAT=FILE with FORMAT one of ${FORMATS.join(', ')} (e.g. --report junit=audit.xml), got "${spec}".`,
      );
    return { format: kind as Format, file };
  });

  const options: AuditOptions = {
    target: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
    username: values.user,
    password,
    polite: {
      delayMs: count(values.delay, '--delay', DEFAULT_DELAY_MS, 0),
      maxRequests: count(values['max-requests'], '--max-requests', DEFAULT_MAX_REQUESTS, 1),
    },
    ...io.audit,
  };
  if (values.profile !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.profile, 'utf8');
    } catch (error) {
      throw new AuditInputError(`Cannot read the profile ${values.profile}: ${(error as Error).message}`);
    }
    options.profile = parseProfileText(text, values.profile);
  }
  if (values.checks !== undefined) options.checks = values.checks.split(',');
  if (values.lesson !== undefined) options.lesson = values.lesson;

  const report = maskReport(await runAudit(options), {
    password,
    showSecrets: values['show-secrets'] === true,
  });
  const ran = report.results.filter((r) => r.status !== 'skipped');
  if (ran.length > 0 && ran.every((r) => r.status === 'error' && /^Could not connect/.test(r.message)))
    throw new TransportError(ran[0]?.message ?? '');

  const save = values['save-profile'];
  if (save !== undefined) {
    const file = resolve(save);
    mkdirSync(dirname(file), { recursive: true });
    const schema = relative(dirname(file), SCHEMA_FILE).split('\\').join('/');
    writeFileSync(file, `${JSON.stringify({ $schema: schema, ...report.profile }, null, 2)}\n`);
    io.stderr(`Saved the profile to ${save}: edit it, then pass --profile ${save}.`);
  }
  const colour = io.colour ?? (process.stdout.isTTY === true && process.env.NO_COLOR === undefined);
  const render = (kind: Format, tty: boolean): string =>
    kind === 'json'
      ? formatJson(report)
      : kind === 'junit'
        ? formatJunit(report)
        : kind === 'markdown'
          ? formatMarkdown(report)
          : kind === 'html'
            ? formatHtml(report)
            : formatText(report, tty);
  const write = (file: string, text: string): void =>
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
  // A file never gets colour codes; the terminal gets the text report whenever the chosen one went to a file.
  for (const { format: kind, file } of reports) write(file, render(kind, false));
  if (values.out !== undefined) {
    write(values.out, render(format as Format, false));
    io.stdout(formatText(report, colour));
  } else io.stdout(render(format as Format, colour));
  return report.summary.fail > 0 || report.summary.error > 0 ? 1 : 0;
}
