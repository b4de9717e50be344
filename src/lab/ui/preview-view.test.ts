/**
 * The preview's iframe modes, with a minimal stand-in for the DOM (the views are plain DOM and
 * Vitest runs in Node): after the WebContainer's URL mode, the Worker's srcdoc mode must put the
 * sandbox back, or the learner's HTML would run with this site's origin and read its storage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieJar } from '../cookie-jar';
import type { LabRequest, LabResponse, Preview } from '../runtime';
import { createPreviewView, PREVIEW_SANDBOX } from './preview-view';

/** Just what ./dom.ts and the preview use: attributes, children, listeners, reflected src/srcdoc. */
class FakeElement {
  readonly attributes = new Map<string, string>();
  readonly children: FakeElement[] = [];
  className = '';
  textContent: string | null = '';
  value = '';
  contentWindow = {};
  constructor(readonly tagName: string) {}
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  get src(): string {
    return this.getAttribute('src') ?? '';
  }
  set src(value: string) {
    this.setAttribute('src', value);
  }
  get srcdoc(): string {
    return this.getAttribute('srcdoc') ?? '';
  }
  set srcdoc(value: string) {
    this.setAttribute('srcdoc', value);
  }
  appendChild(child: FakeElement): FakeElement {
    this.children.push(child);
    return child;
  }
  addEventListener(): void {}
  find(tag: string): FakeElement | undefined {
    for (const child of this.children) {
      if (child.tagName === tag) return child;
      const found = child.find?.(tag);
      if (found) return found;
    }
    return undefined;
  }
}

const globals = globalThis as unknown as { document?: unknown; window?: unknown };
beforeEach(() => {
  globals.document = {
    createElement: (tag: string) => new FakeElement(tag),
    createTextNode: (text: string) => Object.assign(new FakeElement('#text'), { textContent: text }),
  };
  globals.window = { addEventListener: () => undefined, removeEventListener: () => undefined };
});
afterEach(() => {
  delete globals.document;
  delete globals.window;
});

const page = (body: string): LabResponse => ({
  status: 200,
  statusText: 'OK',
  headers: [['content-type', 'text/html; charset=UTF-8']],
  body,
  durationMs: 1,
});

describe('preview frame', () => {
  it('sandboxes srcdoc again after a WebContainer URL, and drops the URL', async () => {
    let mode: Preview = { kind: 'url', url: 'https://lab--8787.local-corp.webcontainer-api.io/' };
    const sent: LabRequest[] = [];
    const view = createPreviewView({
      jar: new CookieJar(),
      origin: () => 'http://localhost:8787',
      send: async (request) => (sent.push(request), page('<p>learner page</p>')),
      preview: () => mode,
    });
    const frame = (view.element as unknown as FakeElement).find('iframe');
    if (!frame) throw new Error('the preview has no iframe');
    expect(frame.getAttribute('sandbox')).toBe(PREVIEW_SANDBOX);
    expect(PREVIEW_SANDBOX).not.toMatch(/allow-same-origin/);

    await view.open('/');
    expect(frame.hasAttribute('sandbox')).toBe(false);
    expect(frame.src).toBe('https://lab--8787.local-corp.webcontainer-api.io/');

    // The store switched to the Worker: the same frame now renders learner HTML through srcdoc.
    mode = { kind: 'bridge' };
    await view.open('/');
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /']);
    expect(frame.getAttribute('sandbox')).toBe(PREVIEW_SANDBOX);
    expect(frame.hasAttribute('src')).toBe(false);
    expect(frame.srcdoc).toContain('<p>learner page</p>');
    view.destroy();
  });
});
