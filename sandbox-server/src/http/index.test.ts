import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bearerToken, readForm, readJson, safeNext } from './index';

describe('safeNext', () => {
  it('keeps same-origin paths', () => {
    expect(safeNext('/dashboard')).toBe('/dashboard');
    expect(safeNext('/a/b?x=1#top')).toBe('/a/b?x=1#top');
  });

  it('falls back for anything that could leave the site', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      '/\tevil',
      'evil',
      '',
      undefined,
      42,
      '/'.padEnd(3000, 'a'),
    ]) {
      expect(safeNext(bad, '/home')).toBe('/home');
    }
  });
});

describe('body and header helpers', () => {
  const app = new Hono();
  app.post('/form', async (c) => c.json(await readForm(c)));
  app.post('/json', async (c) => c.json(await readJson(c)));
  app.get('/bearer', (c) => c.json({ token: bearerToken(c) ?? null }));

  it('reads forms and JSON, and treats garbage as empty', async () => {
    const form = await app.request('/form', {
      method: 'POST',
      body: 'a=1&b=2',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(await form.json()).toEqual({ a: '1', b: '2' });
    const json = await app.request('/form', {
      method: 'POST',
      body: '{"a":"1","n":2}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(await json.json()).toEqual({ a: '1' });
    for (const body of ['{', '[1,2]', 'null', '"x"']) {
      const res = await app.request('/json', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(await res.json()).toEqual({});
    }
    const none = await app.request('/form', {
      method: 'POST',
      body: 'x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(await none.json()).toEqual({});
  });

  it('extracts a Bearer token and nothing else', async () => {
    const read = async (value?: string) =>
      (await (await app.request('/bearer', value ? { headers: { Authorization: value } } : {})).json()).token;
    expect(await read('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(await read('bearer abc=')).toBe('abc=');
    expect(await read('Basic abc')).toBeNull();
    expect(await read('Bearer a b')).toBeNull();
    expect(await read()).toBeNull();
  });
});
