import { describe, expect, it } from 'vitest';
import { dropsForbiddenHeaders, installHeaderShim } from './index';

/** Node keeps forbidden headers, so emulate a browser: these constructors drop them like Chromium does. */
function browserLikeScope() {
  const strip = (init: HeadersInit | undefined, names: string[]) => {
    const headers = new Headers(init);
    for (const name of names) headers.delete(name);
    return headers;
  };
  class GuardedRequest extends Request {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      const headers = init?.headers ?? (input instanceof Request ? input.headers : undefined);
      super(input, { ...init, headers: strip(headers, ['cookie', 'origin', 'sec-fetch-site']) });
    }
  }
  class GuardedResponse extends Response {
    constructor(body?: BodyInit | null, init?: ResponseInit) {
      super(body, { ...init, headers: strip(init?.headers, ['set-cookie']) });
    }
  }
  return { Request: GuardedRequest as typeof Request, Response: GuardedResponse as typeof Response, Headers };
}

describe('forbidden-header shim', () => {
  it('detects a browser-like environment and leaves Node alone', () => {
    expect(dropsForbiddenHeaders(browserLikeScope())).toBe(true);
    const node = { Request, Response, Headers };
    expect(installHeaderShim(node)).toBe(false);
    expect(node.Response).toBe(Response);
  });

  it('keeps every Set-Cookie on responses, including copies, clones and Response.json', async () => {
    const scope = browserLikeScope();
    expect(installHeaderShim(scope)).toBe(true);
    const headers = new Headers();
    headers.append('Set-Cookie', 'sid=1; Path=/');
    headers.append('Set-Cookie', 'remember=2; Path=/');
    const response = new scope.Response('hi', { status: 201, headers });
    expect(response.headers.getSetCookie()).toEqual(['sid=1; Path=/', 'remember=2; Path=/']);
    expect(response.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(response.status).toBe(201);
    expect(await response.clone().text()).toBe('hi');
    expect(response.clone().headers.getSetCookie()).toHaveLength(2);
    // Hono's middleware sometimes rebuilds a response from another one.
    const rebuilt = new scope.Response(response.body, response);
    expect(rebuilt.headers.getSetCookie()).toHaveLength(2);
    const json = scope.Response.json({ ok: true }, { headers: { 'set-cookie': 'a=b' } });
    expect(json.headers.get('set-cookie')).toBe('a=b');
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(scope.Response.redirect('http://localhost/x', 303).headers.get('location')).toBe(
      'http://localhost/x',
    );
  });

  it('keeps Cookie, Origin and Sec-Fetch-Site on requests and the derived Content-Type of a form body', async () => {
    const scope = browserLikeScope();
    installHeaderShim(scope);
    const request = new scope.Request('http://localhost/logout', {
      method: 'POST',
      headers: { cookie: 'sid=1', origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ a: '1' }),
    });
    expect(request.headers.get('cookie')).toBe('sid=1');
    expect(request.headers.get('origin')).toBe('http://localhost');
    expect(request.headers.get('content-type')).toMatch(/x-www-form-urlencoded/);
    expect(request.clone().headers.get('sec-fetch-site')).toBe('same-origin');
    expect((await request.clone().formData()).get('a')).toBe('1');
    // Copying a request moves its body, as natively.
    expect(new scope.Request(request).headers.get('cookie')).toBe('sid=1');
  });

  it('installs once per scope', () => {
    const scope = browserLikeScope();
    installHeaderShim(scope);
    const first = scope.Response;
    installHeaderShim(scope);
    expect(scope.Response).toBe(first);
  });
});
