/**
 * Preview of the server's HTML pages.
 *
 * Worker runtime: there is no URL to load, so each response is rendered into an iframe via srcdoc,
 * sandboxed WITHOUT allow-same-origin (the learner's HTML gets an opaque origin: it cannot touch
 * the page, its storage or the lab). A small script injected into every page turns link clicks and
 * form submissions into postMessage calls; the lab sends them through the runtime with the
 * console's cookie jar, follows redirects like a browser, and renders the result. So logging in
 * and out by clicking works, and the jar shows every cookie change.
 *
 * WebContainer runtime: the same bridge. The container's own preview URL is another site
 * (…webcontainer-api.io) while the app believes it is http://localhost:8787: its CSRF check
 * refuses the forms and a cross-site frame does not store SameSite=Lax cookies. Through the
 * bridge the cookies live in the console's jar and every request goes through `request()` in
 * both runtimes. A `url` preview (a runtime with a same-site URL) still loads that URL.
 */
import type { CookieJar } from '../cookie-jar';
import type { LabRequest, LabResponse, Preview } from '../runtime';
import { h, uid } from './dom';
import { siteHeaders } from './console-view';
import { PREVIEW_BRIDGE_SCRIPT, PREVIEW_MESSAGE } from './preview-bridge';

const MAX_REDIRECTS = 5;
/** No allow-same-origin: learner HTML in srcdoc must never run with the site's origin (its storage). */
export const PREVIEW_SANDBOX = 'allow-scripts allow-forms';
const bridge = `<script>${PREVIEW_BRIDGE_SCRIPT}</script>`;

const escape = (text: string): string =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch);

/** The response as a document for srcdoc, with the bridge first so it sees every click. */
export function previewDocument(response: LabResponse): string {
  const type = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
  if (type.includes('text/html')) {
    const html = response.body;
    return /<head[^>]*>/i.test(html)
      ? html.replace(/<head[^>]*>/i, (m) => `${m}${bridge}`)
      : `${bridge}${html}`;
  }
  let text = response.body;
  try {
    text = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Plain text stays as it is.
  }
  return `<!doctype html><meta charset="utf-8">${bridge}<p style="font:14px system-ui">HTTP ${response.status} · ${escape(type || 'no content type')}</p><pre style="white-space:pre-wrap">${escape(text)}</pre>`;
}

export interface PreviewOptions {
  jar: CookieJar;
  origin: () => string;
  send: (request: LabRequest) => Promise<LabResponse>;
  preview: () => Preview | null;
}

export function createPreviewView(options: PreviewOptions) {
  const headingId = uid('lab-preview');
  const address = h('input', {
    type: 'text',
    value: '/',
    'aria-label': 'Preview address',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const go = h('button', { type: 'submit', className: 'lab-button' }, 'Go');
  const bar = h(
    'form',
    { className: 'lab-row lab-address', 'aria-label': 'Preview navigation' },
    address,
    go,
  );
  const trail = h('p', { className: 'lab-muted lab-trail', 'aria-live': 'polite' });
  const frame = h('iframe', {
    title: 'Preview of the lab server',
    className: 'lab-frame',
    sandbox: PREVIEW_SANDBOX,
  });
  /**
   * Every srcdoc render goes through here. A `url` preview removes `sandbox` (its URL is
   * another origin and needs its own cookies); after a switch to the bridge the learner's HTML
   * would otherwise run unsandboxed with this site's origin, so the sandbox is put back first.
   */
  const render = (html: string): void => {
    frame.setAttribute('sandbox', PREVIEW_SANDBOX);
    frame.removeAttribute('src');
    frame.srcdoc = html;
  };
  let current = '/';

  const apply = (request: LabRequest, res: LabResponse): void => {
    options.jar.apply(
      res.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v),
      request.path,
    );
  };

  /** Navigates like a browser: sends cookies, follows redirects (303 → GET), keeps the jar current. */
  async function navigate(method: string, target: string, body?: string): Promise<void> {
    const mode = options.preview();
    if (mode?.kind === 'url') {
      frame.removeAttribute('srcdoc');
      frame.removeAttribute('sandbox');
      frame.src = new URL(target, mode.url).href;
      address.value = target;
      return;
    }
    const origin = options.origin();
    let url = new URL(target, `${origin}${current}`);
    if (url.origin !== origin) {
      trail.textContent = `The preview only follows links to the lab server; ${url.href} was not opened.`;
      return;
    }
    const steps: string[] = [];
    let request: LabRequest = {
      method,
      path: `${url.pathname}${url.search}`,
      headers: siteHeaders('same-origin', method, origin),
    };
    if (method !== 'GET' && body !== undefined) {
      request.headers.push(['content-type', 'application/x-www-form-urlencoded']);
      request.body = body;
    }
    try {
      for (let hop = 0; ; hop++) {
        const cookie = options.jar.header(request.path);
        const sent: LabRequest = cookie
          ? { ...request, headers: [...request.headers, ['cookie', cookie]] }
          : request;
        const res = await options.send(sent);
        apply(request, res);
        steps.push(`${request.method} ${request.path} → ${res.status}`);
        const location = res.headers.find(([n]) => n === 'location')?.[1];
        if (res.status >= 300 && res.status < 400 && location && hop < MAX_REDIRECTS) {
          url = new URL(location, url);
          if (url.origin !== origin) {
            steps.push(`stopped: the server redirected to another site (${url.href})`);
            render(previewDocument(res));
            break;
          }
          const keep = res.status === 307 || res.status === 308;
          request = keep
            ? { ...request, path: `${url.pathname}${url.search}` }
            : {
                method: 'GET',
                path: `${url.pathname}${url.search}`,
                headers: siteHeaders('same-origin', 'GET', origin),
              };
          continue;
        }
        current = request.path;
        address.value = current;
        render(previewDocument(res));
        break;
      }
      trail.textContent = steps.join(' · ');
    } catch (error) {
      trail.textContent = `${steps.join(' · ')}${steps.length ? ' · ' : ''}${(error as Error).message}`;
    }
  }

  bar.addEventListener('submit', (event) => {
    event.preventDefault();
    void navigate('GET', address.value.trim() || '/');
  });

  const onMessage = (event: MessageEvent): void => {
    if (event.source !== frame.contentWindow) return;
    const data = event.data as { type?: string; method?: string; href?: string; body?: string };
    if (data?.type !== PREVIEW_MESSAGE || typeof data.href !== 'string') return;
    const method = data.method === 'POST' ? 'POST' : 'GET';
    if (method === 'GET' && data.body) {
      const url = new URL(data.href || current, `${options.origin()}${current}`);
      url.search = data.body;
      void navigate('GET', `${url.pathname}${url.search}`);
    } else void navigate(method, data.href || current, data.body);
  };
  window.addEventListener('message', onMessage);

  const element = h(
    'section',
    { className: 'lab-preview', 'aria-labelledby': headingId },
    h('h4', { id: headingId }, 'Preview'),
    h(
      'p',
      { className: 'lab-muted' },
      'Click links and submit forms as in a browser; the cookies live in the Console tab’s cookie jar.',
    ),
    bar,
    trail,
    frame,
  );
  return {
    element,
    open: (path = current) => navigate('GET', path),
    destroy: () => window.removeEventListener('message', onMessage),
  };
}
