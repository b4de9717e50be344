/**
 * A tiny browser stand-in for the sandbox's own tests: a name → value cookie jar fed from
 * `getSetCookie()`, same-origin headers on unsafe requests, and no redirect following.
 */
export type FetchLike = (request: Request) => Response | Promise<Response>;

export const BASE = 'http://localhost';
export const ALICE = { username: 'alice', password: 'correct horse battery staple' };

export interface SetCookieLine {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
  raw: string;
}

export function parseSetCookie(raw: string): SetCookieLine {
  const [pair = '', ...rest] = raw.split(';');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const [key = '', ...value] = part.trim().split('=');
    attributes[key.toLowerCase()] = value.length ? value.join('=') : true;
  }
  return { name: pair.slice(0, eq).trim(), value: decodeURIComponent(pair.slice(eq + 1).trim()), attributes, raw };
}

export class TestBrowser {
  readonly jar = new Map<string, string>();
  readonly #fetch: FetchLike;
  readonly #base: string;

  constructor(fetch: FetchLike, base = BASE) {
    this.#fetch = fetch;
    this.#base = base;
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    options: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string>; cookie?: string; keepJar?: boolean } = {},
  ): Promise<Response & { cookies: SetCookieLine[] }> {
    const headers = new Headers(options.headers);
    const cookie = options.cookie ?? this.cookieHeader();
    if (cookie) headers.set('Cookie', cookie);
    let body: string | undefined;
    if (options.form) {
      headers.set('Content-Type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(options.json);
    }
    if (!['GET', 'HEAD'].includes(method) && !headers.has('Origin')) {
      headers.set('Origin', new URL(this.#base).origin);
      headers.set('Sec-Fetch-Site', 'same-origin');
    }
    const init: RequestInit = { method, headers, redirect: 'manual' };
    if (body !== undefined) init.body = body;
    const res = await this.#fetch(new Request(this.#base + path, init));
    const cookies = res.headers.getSetCookie().map(parseSetCookie);
    if (!options.keepJar) {
      for (const c of cookies) {
        const expired = c.attributes['max-age'] === '0';
        if (expired) this.jar.delete(c.name);
        else this.jar.set(c.name, c.value);
      }
    }
    return Object.assign(res, { cookies });
  }

  get(path: string, options: Parameters<TestBrowser['request']>[2] = {}) {
    return this.request('GET', path, options);
  }

  post(path: string, options: Parameters<TestBrowser['request']>[2] = {}) {
    return this.request('POST', path, options);
  }

  login(user = ALICE, remember = false) {
    return this.post('/login', { form: { ...user, ...(remember ? { remember: '1' } : {}) } });
  }
}
