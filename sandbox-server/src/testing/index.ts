/**
 * A tiny browser stand-in for the sandbox's own tests: a name → value cookie jar fed from
 * `getSetCookie()`, same-origin headers on unsafe requests, and no redirect following.
 */
import { getSetCookies, isDeletion, parseSetCookie, type SetCookie } from '../../shared/set-cookie';

export type FetchLike = (request: Request) => Response | Promise<Response>;

export const BASE = 'http://localhost';
export const ALICE = { username: 'alice', password: 'correct horse battery staple' };

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
    options: {
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
      cookie?: string;
      keepJar?: boolean;
    } = {},
  ): Promise<Response & { cookies: SetCookie[] }> {
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
    const cookies = getSetCookies(res.headers)
      .map(parseSetCookie)
      .filter((c): c is SetCookie => c !== null);
    if (!options.keepJar) {
      for (const c of cookies) {
        if (isDeletion(c)) this.jar.delete(c.name);
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
