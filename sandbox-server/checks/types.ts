/**
 * Public types of the check runner. Web-standard only: nothing here may import `node:` modules,
 * because the same runner runs in Node, in a WebContainer and in a browser Worker.
 */

/**
 * Check ids: LO-01 … LO-24 are docs/security-reference.md §4.3's logout catalog; AU-01, AU-02 grade the login
 * route (lesson 2) and have their own prefix so the LO numbering stays the reference's.
 */
export type CheckId = `LO-${string}` | `AU-${string}`;

export type CheckStatus = 'pass' | 'fail' | 'error' | 'advisory';

/** The sandbox's two session stores: a signed cookie (Flask's default) or records on the server. */
export type SessionStoreKind = 'cookie' | 'server';

/** Lesson folders that teach the concepts; hints point learners back to them. */
export type LessonSlug =
  | '01-understanding-sessions'
  | '02-authentication-basics'
  | '03-basic-logout-route'
  | '04-login-manager'
  | '05-session-security'
  | '06-token-logout';

export interface Hint {
  /** The idea the learner should revisit, in a few words. */
  concept: string;
  /** The lesson that teaches it. */
  lesson: LessonSlug;
}

/** One request the check sent and what came back (or the error that replaced the response). */
export interface TraceEntry {
  /** What the check was doing, in plain words ("log in as alice"). */
  label: string;
  request: {
    method: string;
    url: string;
    /** Lower-case header names, including `cookie`. */
    headers: Record<string, string>;
    body?: string;
  };
  /** Missing when no response arrived (timeout or an exception in the server). */
  response?: {
    status: number;
    /** Lower-case header names; `set-cookie` is listed separately below. */
    headers: Record<string, string>;
    setCookie: string[];
    /** The first characters of the body. */
    body: string;
  };
  error?: string;
}

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** Plain words: what was sent, what came back, what was expected and why it matters. */
  message: string;
  hint: Hint;
  /** The request/response sequence of the check; empty when the check passed. */
  trace: TraceEntry[];
  /**
   * The learner's own console output (console.log & co. in their files) while this check ran,
   * capped at 500 characters. Never the server's log: that is `serverLog`.
   */
  logs: string;
  /**
   * What the server itself logged while this check ran (logins, logouts, rejected cookies, the
   * stack of a handler that threw), capped at 500 characters; '' when the runtime does not
   * capture it.
   */
  serverLog: string;
  /**
   * The learner's handler that threw while this check ran (the first one): set on results that did
   * not pass, so a learner reads their own error and line rather than only "500".
   */
  thrown?: ThrownError;
}

/** A learner's handler that threw: what it threw and where, in the learner's own file and line. */
export interface ThrownError {
  /** The request whose handler threw, as `METHOD /path`. */
  request: string;
  /** The first line of what was thrown: `TypeError: Cannot read properties of undefined (reading 'y')`. */
  message: string;
  /**
   * The first stack frame in one of the learner's files, in their TypeScript's lines and columns
   * (a throw inside the sandbox's or Hono's code points at the learner's call). Absent when no
   * learner frame is on the stack (a thrown string has no stack at all).
   */
  at?: { file: string; line: number; column: number };
}

/** What the checks need to know about the server under test (docs/security-reference.md §4.1). */
export interface CheckConfig {
  /** Origin (and optional path prefix) the server sees in `c.req.url`, e.g. `http://localhost:8787`. */
  baseUrl: string;
  /** Name of the session cookie (`session`, `sid` or `__Host-sid`). */
  sessionCookie: string;
  /** Name of the remember-me cookie (`remember` or `__Host-remember`). */
  rememberCookie: string;
  /** Longest accepted access-token lifetime in seconds (LO-19). */
  maxAccessTokenLifetime: number;
  /** Require `Secure` (or a `__Host-` name) on the session cookie; waive it for plain http. */
  secure: boolean;
  /** Minimum estimated entropy of an opaque session ID in bits, or null for signed-cookie sessions. */
  sessionIdMinBits: number | null;
  /** A demo user the checks log in as. */
  user: { username: string; password: string };
  /**
   * The routes the learner writes in this lab, as `METHOD /path` (`["POST /login"]`), so a broken
   * precondition can say "your POST /login" or "the server's POST /prefs". Unset: not known (a
   * server graded from outside a lab), and messages name no owner.
   */
  learnerRoutes?: readonly string[];
  /**
   * Where the flows send their requests, for a server whose routes are not the sandbox's (the
   * audit of a real app fills it from its profile). Unset: §4.1's contract (`POST /login` with
   * username/password/remember, `GET /me` answering JSON, `POST /logout`, `POST /prefs`).
   */
  surface?: CheckSurface;
}

/** A hidden CSRF field a form post needs, and the page whose form carries it. */
export interface FormCsrf {
  /** The field's name, e.g. `csrf_token`. */
  field: string;
  /** The page a browser loads to get the form (fetched fresh before every post). */
  page: string;
}

/** The routes and forms of the server under test, as the check flows use them. */
export interface CheckSurface {
  login: {
    /** Where the login form posts (its action). */
    path: string;
    /** The names of the username and password fields. */
    username: string;
    password: string;
    /** The remember-me field and the value a ticked box sends; unset when the form has none. */
    remember?: { name: string; value: string };
    /** Other fields the form sends as they are (hidden defaults, a named submit button). */
    extra?: Record<string, string>;
    csrf?: FormCsrf;
  };
  /**
   * The page that proves being logged in. `json-user`: 200 with a JSON `user` (the sandbox's
   * `/me`); `username-in-body`: 200 with the username in the body; `status-200`: 200 at all.
   * Denied is 401/403, a redirect to the login page, or (for `username-in-body`) a 200 without it.
   */
  me: { path: string; proof: 'json-user' | 'username-in-body' | 'status-200' };
  logout: { path: string; method: 'GET' | 'POST'; csrf?: FormCsrf };
  /** The login page: a redirect there means "denied". */
  loginPage: string;
  /**
   * How a visitor gets a session before logging in (LO-09, LO-10): `prefs` chooses a theme with
   * `POST /prefs` (the sandbox); `{ path }` loads that page.
   */
  anonymous: 'prefs' | { path: string };
  /** Reads a hidden field's value from an HTML page; needed when a form has `csrf`. */
  readField?: (html: string, field: string) => string | undefined;
}

/** Sends one request to the server under test. Implementations must not follow redirects. */
export interface Transport {
  /** Shown in reports: `in-process` or `http`. */
  readonly name: string;
  readonly baseUrl: string;
  send(request: OutgoingRequest, signal: AbortSignal): Promise<Response>;
}

export interface OutgoingRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: [name: string, value: string][];
  body?: string;
}
