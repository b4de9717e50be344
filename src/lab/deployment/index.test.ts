import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { labRuntimeFromEnv } from './env';
import { parseLabRuntime, webContainersOn } from './index';

describe('PUBLIC_LAB_RUNTIME', () => {
  it('is auto when unset or empty, and accepts auto and worker', () => {
    expect(parseLabRuntime(undefined)).toBe('auto');
    expect(parseLabRuntime('')).toBe('auto');
    expect(parseLabRuntime('auto')).toBe('auto');
    expect(parseLabRuntime('worker')).toBe('worker');
    expect(parseLabRuntime(' Worker ')).toBe('worker');
  });

  it('refuses a typo with a message naming the allowed values', () => {
    expect(() => parseLabRuntime('wroker')).toThrow(
      'PUBLIC_LAB_RUNTIME="wroker" is not a lab runtime setting. Use one of: auto, worker',
    );
    expect(() => parseLabRuntime('webcontainer')).toThrow(/Use one of: auto, worker/);
  });

  it('turns WebContainers off only for worker', () => {
    expect(webContainersOn('auto')).toBe(true);
    expect(webContainersOn('worker')).toBe(false);
  });
});

describe('labRuntimeFromEnv', () => {
  let dir = '';
  afterEach(() => {
    vi.unstubAllEnvs();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads .env files the way Vite does, and the process environment wins', () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-env-'));
    vi.stubEnv('PUBLIC_LAB_RUNTIME', undefined);
    expect(labRuntimeFromEnv(dir)).toBe('auto');
    writeFileSync(join(dir, '.env.production'), 'PUBLIC_LAB_RUNTIME=worker\n');
    expect(labRuntimeFromEnv(dir)).toBe('worker');
    expect(labRuntimeFromEnv(dir, 'development')).toBe('auto');
    vi.stubEnv('PUBLIC_LAB_RUNTIME', 'wroker');
    expect(() => labRuntimeFromEnv(dir)).toThrow(/Use one of: auto, worker/);
  });
});
