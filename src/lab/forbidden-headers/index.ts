/**
 * Browsers guard the headers of every `Request` and `Response` they construct: `Cookie`, `Origin`
 * and `Sec-*` are forbidden request headers and `Set-Cookie` is a forbidden response header, so
 * `new Response(body, { headers: { 'Set-Cookie': … } })` silently drops the cookie — even inside a
 * Worker, where no network is involved. Hono builds every response with the global `Response`,
 * and the lab's whole point is to watch session cookies, so the Worker replaces the globals with
 * subclasses that keep what the caller asked for in a standalone `Headers` (which has no guard).
 *
 * The subclasses read their bodies, status and everything else from the native object; only the
 * `headers` property is replaced, as an own property so `clone()` and copies can carry it over.
 */

type Scope = { Request: typeof Request; Response: typeof Response; Headers: typeof Headers };

/** True when this environment drops forbidden headers (every browser; not Node). */
export function dropsForbiddenHeaders(scope: Scope = globalThis): boolean {
  try {
    const response = new scope.Response(null, { headers: { 'set-cookie': 'probe=1' } });
    const request = new scope.Request('http://probe.invalid/', { headers: { cookie: 'probe=1' } });
    return response.headers.get('set-cookie') === null || request.headers.get('cookie') === null;
  } catch {
    return true;
  }
}

const installed = Symbol.for('logout-lab.header-shim');

/**
 * Replaces `scope.Request` and `scope.Response` with header-keeping subclasses. Returns true when it
 * installed them, false when the environment keeps forbidden headers already (unless `force`).
 */
export function installHeaderShim(scope: Scope = globalThis, options: { force?: boolean } = {}): boolean {
  const marked = scope as Scope & { [installed]?: true };
  if (marked[installed]) return true;
  if (!options.force && !dropsForbiddenHeaders(scope)) return false;
  const { Request: NativeRequest, Response: NativeResponse, Headers: PlainHeaders } = scope;
  const requestGetter = findGetter(NativeRequest.prototype, 'headers');
  const responseGetter = findGetter(NativeResponse.prototype, 'headers');
  if (!requestGetter || !responseGetter)
    throw new Error('installHeaderShim: this environment has no Request/Response headers getter');
  const nativeRequestHeaders = requestGetter;
  const nativeResponseHeaders = responseGetter;

  /** The caller's headers, plus any the native constructor derived itself (a body's Content-Type). */
  const keep = (
    target: object,
    wanted: HeadersInit | undefined,
    nativeGetter: (this: object) => Headers,
  ): void => {
    const headers = new PlainHeaders(wanted);
    for (const [name, value] of nativeGetter.call(target)) if (!headers.has(name)) headers.set(name, value);
    Object.defineProperty(target, 'headers', { value: headers, configurable: true, enumerable: true });
  };
  const copyHeaders = (from: Headers, to: object): void => {
    Object.defineProperty(to, 'headers', {
      value: new PlainHeaders(from),
      configurable: true,
      enumerable: true,
    });
  };

  class LabRequest extends NativeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(input, init);
      const inherited = input instanceof NativeRequest ? input.headers : undefined;
      keep(this, init?.headers ?? inherited, nativeRequestHeaders);
    }
    override clone(): Request {
      const copy = super.clone();
      copyHeaders(this.headers, copy);
      return copy;
    }
  }

  class LabResponse extends NativeResponse {
    constructor(body?: BodyInit | null, init?: ResponseInit) {
      super(body, init);
      keep(this, init?.headers, nativeResponseHeaders);
    }
    override clone(): Response {
      const copy = super.clone();
      copyHeaders(this.headers, copy);
      return copy;
    }
    static override json(data: unknown, init: ResponseInit = {}): Response {
      const headers = new PlainHeaders(init.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new LabResponse(JSON.stringify(data), { ...init, headers });
    }
    static override redirect(url: string | URL, status = 302): Response {
      return new LabResponse(null, { status, headers: { location: new URL(url).href } });
    }
  }

  scope.Request = LabRequest;
  scope.Response = LabResponse;
  marked[installed] = true;
  return true;
}

function findGetter(proto: object | null, name: string): ((this: object) => Headers) | undefined {
  for (let p = proto; p; p = Object.getPrototypeOf(p) as object | null) {
    const getter = Object.getOwnPropertyDescriptor(p, name)?.get;
    if (getter) return getter as (this: object) => Headers;
  }
  return undefined;
}
