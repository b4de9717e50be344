import { afterEach, describe, expect, it, vi } from 'vitest';
import { runtimes } from './index';

const isolated = { crossOriginIsolated: true, sharedArrayBuffer: true };

describe('runtime table', () => {
  it('tries a WebContainer first and falls back to the Worker, which always runs and is never time-limited', () => {
    expect(runtimes.map((entry) => entry.kind)).toEqual(['webcontainer', 'worker']);
    const worker = runtimes.at(-1);
    expect(worker?.available({ crossOriginIsolated: false, sharedArrayBuffer: false })).toBe(true);
    expect(worker?.bootLimitMs).toBeNull();
  });

  it('a WebContainer needs cross-origin isolation and SharedArrayBuffer, and says which is missing', () => {
    const [webcontainer] = runtimes;
    expect(webcontainer?.available(isolated)).toBe(true);
    expect(webcontainer?.available({ crossOriginIsolated: false, sharedArrayBuffer: true })).toBe(
      'this page is not cross-origin isolated, so SharedArrayBuffer is off',
    );
    expect(webcontainer?.available({ crossOriginIsolated: true, sharedArrayBuffer: false })).toBe(
      'this browser has no SharedArrayBuffer',
    );
    // Its boot is remembered when it fails: a retry costs this limit again.
    expect(webcontainer).toMatchObject({ bootLimitMs: 4000, remembersFailure: true });
  });

  it('every entry loads its adapter lazily, as a factory', async () => {
    const worker = runtimes.find((entry) => entry.kind === 'worker');
    expect(typeof (await worker?.load())).toBe('function');
  });
});

describe('PUBLIC_LAB_RUNTIME', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });
  const tableWith = async (value: string | undefined) => {
    vi.stubEnv('PUBLIC_LAB_RUNTIME', value);
    vi.resetModules();
    return (await import('./index')).runtimes.map((entry) => entry.kind);
  };

  it('worker leaves the Worker alone in the table: nothing offers or loads a WebContainer', async () => {
    expect(await tableWith('worker')).toEqual(['worker']);
  });

  it('unset or auto keeps the WebContainer first', async () => {
    expect(await tableWith(undefined)).toEqual(['webcontainer', 'worker']);
    expect(await tableWith('auto')).toEqual(['webcontainer', 'worker']);
  });
});

describe('the WebContainer entry', () => {
  const [webcontainer] = runtimes;
  it('is never booted on iPhone or iPad, with a plain reason', () => {
    expect(webcontainer?.available({ ...isolated, appleMobile: true })).toBe(
      'they do not run reliably on iPhone and iPad',
    );
  });
  it('retries by reloading the page, and says in its status that it comes from stackblitz.com', () => {
    expect(webcontainer?.retryReloads).toBe(true);
    expect(webcontainer?.starting).toContain('stackblitz.com');
    expect(webcontainer?.running(null)).toContain('stackblitz.com');
  });
});
