/**
 * `npm run lab -- audit <url>`: the check catalog against a real running app over HTTP. The
 * profile (discovered, or given with --profile) maps the sandbox's contract onto the app
 * (CheckConfig.surface); checks that cannot apply to it are `skipped`, with the reason, and never
 * count as a pass. Grading in the labs is untouched: `skipped` exists only in the audit's results.
 */
import { catalog, isCheckId } from '../../checks/catalog';
import { runChecks } from '../../checks/runner';
import type {
  CheckConfig,
  CheckId,
  CheckResult,
  CheckSurface,
  Hint,
  TraceEntry,
  Transport,
} from '../../checks/types';
import { discover, DiscoveryError } from './discover';
import { readField } from './html';
import { polite, type PoliteOptions } from './polite';
import { fixFor, type Fix } from './fixes';
import type { AuditProfile } from './profile';
import { detectStack, observer, type StackGuess } from './stack';

export const REPORT_SCHEMA = 'logout-lab/audit@1';

export type AuditStatus = CheckResult['status'] | 'skipped';

export interface AuditResult {
  id: CheckId;
  status: AuditStatus;
  title: string;
  /** Plain words; for `skipped`, why the check cannot apply and what would make it apply. */
  message: string;
  trace: TraceEntry[];
  standards: readonly string[];
  hint: Hint;
  /** On a failure: a fix for the guessed stack, when the fix table has one (never a guess across stacks). */
  fix?: Fix;
}

export interface AuditReport {
  schema: typeof REPORT_SCHEMA;
  target: string;
  results: AuditResult[];
  summary: Record<AuditStatus, number>;
  /** What discovery found (empty when the profile was given). */
  found: string[];
  profile: AuditProfile;
  /** The stack, guessed from cookie names and headers (added in audit@1: only new fields). */
  stack: StackGuess;
  requests: number;
  durationMs: number;
}

export class AuditInputError extends Error {
  override name = 'AuditInputError';
}

export { DiscoveryError };

export interface AuditOptions {
  /** The app's base URL, e.g. http://127.0.0.1:5000. */
  target: string;
  username: string;
  password: string;
  /** Skips discovery. */
  profile?: AuditProfile;
  /** Check ids to run (default: all). */
  checks?: readonly string[];
  /** A lesson number or slug prefix ("05"): the checks whose hint points at that lesson. */
  lesson?: string;
  /** Per-check time limit (default 10 s: a real app over the network is slower than the sandbox). */
  timeoutMs?: number;
  polite?: PoliteOptions;
  /** Replaces the real HTTP transport under the polite one (tests). */
  inner?: Transport;
}

/** Checks of the bearer-token track: a cookie-session profile cannot reach them. */
const TOKEN_CHECKS = new Set(['LO-19', 'LO-20', 'LO-21', 'LO-22', 'LO-23', 'LO-24']);

/** Why a check cannot apply to this app, or undefined when it can run. */
export function skipReason(id: CheckId, profile: AuditProfile): string | undefined {
  if (TOKEN_CHECKS.has(id))
    return `${id} tests bearer-token logout (POST /api/login, refresh and logout endpoints); this version of the audit covers cookie-session apps, and its profile has no fields for a token API yet.`;
  if (id === 'LO-08')
    return 'LO-08 follows a non-login preference (the sandbox’s theme) through logout; an app’s own preferences cannot be discovered, and the profile has no field for them yet.';
  if (id === 'LO-18')
    return 'LO-18 needs a "log out everywhere" endpoint; the profile has no field for it yet.';
  if (id === 'LO-13' || id === 'LO-14') {
    if (profile.login.fields.remember === null)
      return `no remember-me field found on the login form; pass --profile with login.fields.remember to test LO-13/LO-14.`;
    if (profile.cookies.remember === null)
      return `logging in with the remember-me box ticked set no remember-me cookie; pass --profile with cookies.remember to test LO-13/LO-14.`;
  }
  return undefined;
}

/** The checks' view of the app: the profile as a CheckSurface. */
export function surfaceOf(profile: AuditProfile): CheckSurface {
  const { login, proof, logout } = profile;
  const surface: CheckSurface = {
    login: {
      path: login.action,
      username: login.fields.username,
      password: login.fields.password,
      extra: login.extra,
    },
    me: { path: proof.page, proof: proof.kind },
    logout: { path: logout.action, method: logout.method },
    loginPage: login.page,
    anonymous: { path: login.page },
    readField,
  };
  if (login.fields.remember !== null) surface.login.remember = login.fields.remember;
  if (login.csrf !== null) surface.login.csrf = { field: login.csrf.field, page: login.page };
  if (logout.csrf !== null) surface.logout.csrf = { field: logout.csrf.field, page: logout.page };
  return surface;
}

export function checkConfig(
  target: string,
  profile: AuditProfile,
  username: string,
  password: string,
): Partial<CheckConfig> {
  return {
    sessionCookie: profile.cookies.session,
    // Unused when there is none: LO-13/LO-14 are skipped.
    rememberCookie: profile.cookies.remember ?? 'remember_token',
    secure: target.startsWith('https:'),
    sessionIdMinBits: profile.store === 'server' ? 128 : null,
    user: { username, password },
    surface: surfaceOf(profile),
  };
}

/**
 * The checks word their messages with the sandbox's routes; say the app's instead. LO-01 and
 * LO-02 choose their method on purpose (a GET, a cross-site POST), so only the path changes there.
 */
export function reword(text: string, profile: AuditProfile, id: CheckId): string {
  const keepMethod = id === 'LO-01' || id === 'LO-02';
  const route = (path: string) => new RegExp(`(?<![\\w./-])${path}(?![\\w/-])`, 'g');
  let out = text.replace(/\bGET \/me(?![\w/-])/g, `GET ${profile.proof.page}`);
  out = out.replace(/\bPOST \/login(?![\w/-])/g, `POST ${profile.login.action}`);
  if (!keepMethod)
    out = out.replace(/\bPOST \/logout(?![\w/-])/g, `${profile.logout.method} ${profile.logout.action}`);
  out = out.replace(route('/me'), profile.proof.page);
  out = out.replace(route('/logout'), profile.logout.action);
  return out.replace(route('/login'), profile.login.page);
}

function selected(options: AuditOptions): CheckId[] {
  let ids = catalog.map((check) => check.id);
  if (options.checks !== undefined) {
    const wanted = options.checks.map((id) => id.trim().toUpperCase()).filter(Boolean);
    for (const id of wanted)
      if (!isCheckId(id))
        throw new AuditInputError(
          `--checks: "${id}" is not a check; ids run from LO-01 to LO-24 and AU-01 to AU-02.`,
        );
    ids = ids.filter((id) => wanted.includes(id));
  }
  if (options.lesson !== undefined) {
    const lesson = options.lesson.padStart(2, '0');
    const lessons = new Set(catalog.map((check) => check.hint.lesson));
    if (![...lessons].some((slug) => slug.startsWith(lesson)))
      throw new AuditInputError(
        `--lesson: no checks teach lesson "${options.lesson}"; lessons run from 01 to 06.`,
      );
    ids = ids.filter((id) => catalog.find((check) => check.id === id)?.hint.lesson.startsWith(lesson));
  }
  if (ids.length === 0) throw new AuditInputError('--checks and --lesson together select no check.');
  return ids;
}

export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const started = Date.now();
  const ids = selected(options);
  const seen = observer();
  const politeOptions: PoliteOptions = { ...options.polite, observe: seen.observe };
  if (options.inner !== undefined) politeOptions.inner = options.inner;
  let found: string[] = [];
  let profile = options.profile;
  let requests = 0;
  if (profile === undefined) {
    const probe = polite(options.target, politeOptions);
    try {
      const discovery = await discover(probe, { username: options.username, password: options.password });
      profile = discovery.profile;
      found = discovery.found;
    } finally {
      requests += probe.count;
    }
  }
  const transport = polite(options.target, {
    ...politeOptions,
    headers: { ...profile.headers, ...politeOptions.headers },
  });
  const runnable = ids.filter((id) => skipReason(id, profile) === undefined);
  const ran = new Map(
    (
      await runChecks({
        transport,
        ids: runnable,
        config: checkConfig(options.target, profile, options.username, options.password),
        timeoutMs: options.timeoutMs ?? 10_000,
      })
    ).map((result) => [result.id, result]),
  );
  requests += transport.count;
  const detected = detectStack(seen.observed);
  const results: AuditResult[] = ids.map((id) => {
    const check = catalog.find((c) => c.id === id);
    if (check === undefined) throw new Error(`unknown check ${id}`);
    const result = ran.get(id);
    const base = { id, title: check.title, standards: check.standards };
    if (result === undefined)
      return {
        ...base,
        status: 'skipped',
        message: skipReason(id, profile) ?? '',
        trace: [],
        hint: check.hint,
      };
    const audited: AuditResult = {
      ...base,
      status: result.status,
      message: reword(result.message, profile, id),
      trace: result.trace,
      hint: result.hint,
    };
    const fix = result.status === 'fail' ? fixFor(id, detected.stacks) : undefined;
    if (fix !== undefined) audited.fix = fix;
    return audited;
  });
  const summary: Record<AuditStatus, number> = { pass: 0, fail: 0, error: 0, advisory: 0, skipped: 0 };
  for (const result of results) summary[result.status]++;
  return {
    schema: REPORT_SCHEMA,
    target: options.target,
    results,
    summary,
    found,
    profile,
    stack: { guess: detected.guess, evidence: detected.evidence },
    requests,
    durationMs: Date.now() - started,
  };
}
