/**
 * The request console: compose a request, send it through the runtime with the visible cookie
 * jar, read the whole response (Set-Cookie included). The jar can be snapshotted and restored,
 * which turns the replay experiment into a few clicks: log in, snapshot, log out, restore, /me.
 */
import { CookieJar, decodeCookieValue, type JarCookie, type JarSnapshot } from '../cookie-jar';
import type { LabRequest, LabResponse } from '../runtime';
import { h, replaceChildren, uid } from './dom';
import { thrownView, type Reveal } from './thrown-view';

export const EVIL_ORIGIN = 'https://evil.example';
export type Site = 'same-origin' | 'cross-site' | 'none';
type BodyType = 'none' | 'form' | 'json';

interface Preset {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  bodyType: BodyType;
  body?: string;
  bearer?: 'access' | null;
  json?: (tokens: Tokens) => string;
}
type Tokens = { access?: string; refresh?: string };

const sessionPresets: Preset[] = [
  {
    label: 'Log in as alice',
    method: 'POST',
    path: '/login',
    bodyType: 'form',
    body: 'username=alice\npassword=correct horse battery staple',
  },
  {
    label: 'Log in with remember me',
    method: 'POST',
    path: '/login',
    bodyType: 'form',
    body: 'username=alice\npassword=correct horse battery staple\nremember=1',
  },
  { label: 'Who am I? (GET /me)', method: 'GET', path: '/me', bodyType: 'none' },
  { label: 'Log out (POST /logout)', method: 'POST', path: '/logout', bodyType: 'form', body: '' },
  { label: 'Log out everywhere', method: 'POST', path: '/logout-all', bodyType: 'form', body: '' },
  { label: 'Choose the dark theme', method: 'POST', path: '/prefs', bodyType: 'form', body: 'theme=dark' },
  { label: 'Read the theme', method: 'GET', path: '/prefs', bodyType: 'none' },
];
const tokenPresets: Preset[] = [
  {
    label: 'Token login (POST /api/login)',
    method: 'POST',
    path: '/api/login',
    bodyType: 'json',
    json: () => JSON.stringify({ username: 'alice', password: 'correct horse battery staple' }),
  },
  { label: 'Who am I with the token?', method: 'GET', path: '/api/me', bodyType: 'none', bearer: 'access' },
  {
    label: 'Token logout (POST /api/logout)',
    method: 'POST',
    path: '/api/logout',
    bodyType: 'json',
    bearer: 'access',
    json: (t) => JSON.stringify({ refresh_token: t.refresh ?? '' }),
  },
  {
    label: 'Refresh (POST /api/refresh)',
    method: 'POST',
    path: '/api/refresh',
    bodyType: 'json',
    json: (t) => JSON.stringify({ refresh_token: t.refresh ?? '' }),
  },
];

/** The headers a browser would add for a request from `site`, as the checks do (docs/security-reference.md §4.2). */
export function siteHeaders(site: Site, method: string, origin: string): [string, string][] {
  const unsafe = method !== 'GET' && method !== 'HEAD';
  if (site === 'same-origin')
    return unsafe
      ? [
          ['origin', origin],
          ['sec-fetch-site', 'same-origin'],
        ]
      : [['sec-fetch-site', 'same-origin']];
  if (site === 'cross-site')
    return [
      ['origin', EVIL_ORIGIN],
      ['sec-fetch-site', 'cross-site'],
    ];
  return [];
}

/** `name=value` lines (or an `a=1&b=2` string) → an urlencoded body. */
export function formBody(text: string): string {
  const params = new URLSearchParams();
  for (const line of text.split(/\n|&/)) {
    if (!line.trim()) continue;
    const at = line.indexOf('=');
    params.append(at === -1 ? line.trim() : line.slice(0, at).trim(), at === -1 ? '' : line.slice(at + 1));
  }
  return params.toString();
}

/** One plain sentence about what a response means for the learner's session. */
export function explain(request: LabRequest, response: LabResponse): string {
  const cookies = response.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v);
  const changes = cookies.map((line) => {
    const name = line.split('=')[0] ?? '';
    return /max-age=0|expires=thu, 01 jan 1970/i.test(line) ? `${name} deleted` : `${name} set`;
  });
  const cookieNote = changes.length ? ` Cookies: ${changes.join(', ')}.` : '';
  type Me = { user?: { username?: string; name?: string } } | null;
  let parsed: Me = null;
  try {
    parsed = JSON.parse(response.body) as Me;
  } catch {
    // Not JSON: nothing to read.
  }
  const path = request.path.split('?')[0];
  if ((path === '/me' || path === '/api/me') && request.method === 'GET') {
    if (response.status === 200 && parsed?.user)
      return `Logged in: the server accepts these credentials as ${parsed.user.name ?? parsed.user.username ?? 'a user'}.${cookieNote}`;
    if ([401, 302, 303].includes(response.status))
      return `Denied (${response.status}): the server does not accept these credentials.${cookieNote}`;
  }
  if (response.status === 403)
    return `Refused (403): the server rejected this request (cross-site or bad form token?).${cookieNote}`;
  const location = response.headers.find(([n]) => n === 'location')?.[1];
  if (response.status >= 300 && response.status < 400 && location)
    return `Redirect (${response.status}) to ${location}.${cookieNote}`;
  return `${response.status} ${response.statusText || ''}`.trim() + `.${cookieNote}`;
}

const time = (at: number): string => new Date(at).toLocaleTimeString();

export interface ConsoleOptions {
  jar: CookieJar;
  origin: () => string;
  send: (request: LabRequest) => Promise<LabResponse>;
  tokens: boolean;
  /** "Go to line" of an answer whose handler threw: the editor's cursor on that line. */
  reveal?: Reveal;
}

/** The request composer: method, path, where it is sent from, body and extra headers. */
function createRequestForm(options: ConsoleOptions) {
  const { jar } = options;
  const method = h('select', { 'aria-label': 'Method' }, h('option', {}, 'GET'), h('option', {}, 'POST'));
  const path = h('input', {
    type: 'text',
    value: '/me',
    'aria-label': 'Path',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const site = h(
    'select',
    { 'aria-label': 'Sent from' },
    h('option', { value: 'same-origin' }, 'this site (Origin + Sec-Fetch-Site: same-origin)'),
    h('option', { value: 'cross-site' }, `another site (${EVIL_ORIGIN})`),
    h('option', { value: 'none' }, 'no Origin (a typed URL, curl)'),
  );
  const bodyType = h(
    'select',
    { 'aria-label': 'Body type' },
    h('option', { value: 'none' }, 'no body'),
    h('option', { value: 'form' }, 'form'),
    h('option', { value: 'json' }, 'JSON'),
  );
  const body = h('textarea', {
    'aria-label': 'Body',
    rows: 3,
    spellcheck: 'false',
    placeholder: 'form: one name=value per line; JSON: an object',
  });
  const extra = h('textarea', {
    'aria-label': 'Extra headers',
    rows: 2,
    spellcheck: 'false',
    placeholder: 'Authorization: Bearer …',
  });
  const send = h('button', { type: 'submit', className: 'lab-button lab-primary' }, 'Send');
  const form = h(
    'form',
    { className: 'lab-request', 'aria-label': 'Request' },
    h('div', { className: 'lab-row' }, method, path, send),
    h('div', { className: 'lab-row' }, h('label', {}, 'Sent from ', site), h('label', {}, 'Body ', bodyType)),
    body,
    extra,
  );

  /** Puts a preset in the fields (tokens from earlier responses fill its body and bearer). */
  function fill(preset: Preset, tokens: Tokens): void {
    method.value = preset.method;
    path.value = preset.path;
    site.value = 'same-origin';
    bodyType.value = preset.bodyType;
    body.value = preset.json ? preset.json(tokens) : (preset.body ?? '');
    extra.value = preset.bearer && tokens.access ? `Authorization: Bearer ${tokens.access}` : '';
    send.focus();
  }

  /** The request the fields describe, with the browser's site headers and the jar's cookies (unless a Cookie header is typed). */
  function build(): LabRequest {
    const m = method.value;
    const p = path.value.trim() || '/';
    const request: LabRequest = {
      method: m,
      path: p.startsWith('/') ? p : `/${p}`,
      headers: siteHeaders(site.value as Site, m, options.origin()),
    };
    if (bodyType.value === 'form' && m !== 'GET') {
      request.headers.push(['content-type', 'application/x-www-form-urlencoded']);
      request.body = formBody(body.value);
    } else if (bodyType.value === 'json' && m !== 'GET') {
      request.headers.push(['content-type', 'application/json']);
      request.body = body.value;
    }
    let cookieGiven = false;
    for (const line of extra.value.split('\n')) {
      const at = line.indexOf(':');
      if (at <= 0) continue;
      const name = line.slice(0, at).trim().toLowerCase();
      if (name === 'cookie') cookieGiven = true;
      request.headers.push([name, line.slice(at + 1).trim()]);
    }
    const cookie = jar.header(request.path);
    if (cookie && !cookieGiven) request.headers.push(['cookie', cookie]);
    return request;
  }

  const useBearer = (token: string): void => {
    extra.value = `Authorization: Bearer ${token}`;
  };
  return { form, send, fill, build, useBearer };
}

/**
 * The response panel: status line, the plain-words verdict, headers and (pretty-printed) body.
 * Tokens in a JSON body are kept in `tokens` for the presets and the "Use the access token" button.
 */
function createResponseView(tokens: Tokens, useBearer: (token: string) => void, reveal: Reveal) {
  const verdict = h('p', { className: 'lab-verdict', 'aria-live': 'polite' });
  // The learner's own error when their handler threw (the 500 alone says nothing they can act on).
  const thrown = h('div', { className: 'lab-response-thrown', 'aria-live': 'polite' });
  const statusLine = h('p', { className: 'lab-response-status' });
  const headers = h('pre', { className: 'lab-pre', 'aria-label': 'Response headers' });
  const responseBody = h('pre', { className: 'lab-pre', 'aria-label': 'Response body' });
  const useToken = h(
    'button',
    { type: 'button', className: 'lab-button', hidden: true },
    'Use the access token',
  );
  const element = h(
    'section',
    { className: 'lab-response', 'aria-label': 'Response', hidden: true },
    statusLine,
    verdict,
    thrown,
    useToken,
    headers,
    responseBody,
  );

  useToken.addEventListener('click', () => {
    if (tokens.access) useBearer(tokens.access);
  });

  function show(request: LabRequest, res: LabResponse): void {
    element.hidden = false;
    statusLine.textContent = `${request.method} ${request.path} → ${res.status} ${res.statusText} (${Math.max(1, Math.round(res.durationMs))} ms)`;
    verdict.textContent = explain(request, res);
    replaceChildren(thrown, res.thrown ? thrownView(res.thrown, reveal) : null);
    headers.textContent = res.headers.map(([n, v]) => `${n}: ${v}`).join('\n') || '(no headers)';
    let text = res.body;
    try {
      const json = JSON.parse(res.body) as { access_token?: string; refresh_token?: string };
      text = JSON.stringify(json, null, 2);
      if (json.access_token) tokens.access = json.access_token;
      if (json.refresh_token) tokens.refresh = json.refresh_token;
    } catch {
      // Not JSON: show as sent.
    }
    responseBody.textContent = text || '(empty body)';
    useToken.hidden = !tokens.access;
  }

  function showError(request: LabRequest, error: unknown): void {
    element.hidden = false;
    statusLine.textContent = `${request.method} ${request.path} → no response`;
    verdict.textContent = (error as Error).message;
    replaceChildren(thrown);
    headers.textContent = '';
    responseBody.textContent = '';
  }

  return { element, show, showError };
}

/** One row of the jar table: the value is editable in place, the payload decoded (not verified). */
function jarRow(jar: CookieJar, cookie: JarCookie): HTMLTableRowElement {
  const decoded = decodeCookieValue(cookie.value);
  const value = h('input', {
    type: 'text',
    value: cookie.value,
    'aria-label': `Value of cookie ${cookie.name}`,
    spellcheck: 'false',
  });
  value.addEventListener('change', () => jar.set(cookie.name, value.value, cookie.path));
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, cookie.name),
    h('td', {}, value),
    h('td', {}, cookie.attributes.join('; ') || '—'),
    h(
      'td',
      {},
      cookie.expires === undefined ? 'when the browser closes' : new Date(cookie.expires).toLocaleString(),
    ),
    h(
      'td',
      {},
      decoded.kind === 'json'
        ? h('pre', { className: 'lab-pre lab-payload' }, JSON.stringify(decoded.data, null, 2))
        : null,
      h('span', { className: 'lab-muted' }, decoded.note),
    ),
    h(
      'td',
      {},
      h(
        'button',
        {
          type: 'button',
          className: 'lab-button',
          'aria-label': `Delete cookie ${cookie.name}`,
          onclick: () => jar.delete(cookie.name, cookie.path),
        },
        'Delete',
      ),
    ),
  );
}

/** The cookie jar table, kept in step with the jar. */
function createJarTable(jar: CookieJar): HTMLTableElement {
  const jarBody = h('tbody');
  const table = h(
    'table',
    { className: 'lab-jar' },
    h('caption', {}, 'Cookie jar: what the console and the preview send'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Name', 'Value', 'Attributes', 'Expires', 'Payload (decoded, not verified)', 'Actions'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    jarBody,
  );
  function render(): void {
    const cookies = jar.list();
    if (!cookies.length) {
      replaceChildren(
        jarBody,
        h('tr', {}, h('td', { colSpan: 6 }, 'The jar is empty: nobody is logged in from this console.')),
      );
      return;
    }
    replaceChildren(jarBody, ...cookies.map((cookie) => jarRow(jar, cookie)));
  }
  jar.subscribe(render);
  render();
  return table;
}

/** Snapshot, restore and clear: the replay experiment (restore puts old cookie values back). */
function createJarControls(jar: CookieJar) {
  let snapshot: JarSnapshot | null = null;
  const note = h('p', { className: 'lab-snapshot-note', 'aria-live': 'polite' }, 'No snapshot yet.');
  const restore = h(
    'button',
    { type: 'button', className: 'lab-button', disabled: true },
    'Restore snapshot',
  );
  const takeSnapshot = h('button', { type: 'button', className: 'lab-button' }, 'Snapshot jar');
  takeSnapshot.addEventListener('click', () => {
    snapshot = jar.snapshot();
    restore.disabled = false;
    const list = snapshot.cookies
      .map((c) => `${c.name}=${c.value.length > 24 ? `${c.value.slice(0, 24)}…` : c.value}`)
      .join('; ');
    note.textContent = `Snapshot taken at ${time(snapshot.takenAt)}: ${list || 'an empty jar'}.`;
  });
  restore.addEventListener('click', () => {
    if (!snapshot) return;
    jar.restore(snapshot);
    note.textContent = `Jar restored to the snapshot from ${time(snapshot.takenAt)}: the next request replays those old values.`;
  });
  const clear = h(
    'button',
    { type: 'button', className: 'lab-button', onclick: () => jar.clear() },
    'Clear jar',
  );
  return { buttons: h('div', { className: 'lab-row' }, takeSnapshot, restore, clear), note };
}

export function createConsoleView(options: ConsoleOptions) {
  const { jar } = options;
  const tokens: Tokens = {};
  const headingId = uid('lab-console');
  const request = createRequestForm(options);
  const response = createResponseView(tokens, request.useBearer, options.reveal ?? (() => {}));

  const presetGroup = h(
    'div',
    { role: 'group', 'aria-label': 'Example requests', className: 'lab-presets' },
    ...[...sessionPresets, ...(options.tokens ? tokenPresets : [])].map((preset) =>
      h(
        'button',
        { type: 'button', className: 'lab-chip', onclick: () => request.fill(preset, tokens) },
        preset.label,
      ),
    ),
  );

  request.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const sent = request.build();
    request.send.disabled = true;
    options
      .send(sent)
      .then((res) => {
        jar.apply(
          res.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v),
          sent.path,
        );
        response.show(sent, res);
      })
      .catch((error: unknown) => response.showError(sent, error))
      .finally(() => {
        request.send.disabled = false;
      });
  });

  const jarControls = createJarControls(jar);
  const element = h(
    'section',
    { className: 'lab-console', 'aria-labelledby': headingId },
    h('h4', { id: headingId }, 'Request console'),
    presetGroup,
    request.form,
    response.element,
    // Six columns scroll sideways in a narrow results pane: focusable, so the keyboard can scroll them too.
    h(
      'div',
      { className: 'lab-jar-wrap', tabindex: 0, role: 'region', 'aria-label': 'Cookie jar table' },
      createJarTable(jar),
    ),
    jarControls.buttons,
    jarControls.note,
  );
  return { element };
}
