/**
 * The check catalog against the real sandbox app with its default leaves (the reference
 * implementation), over http and https (`__Host-` names, Secure). The server store passes every check;
 * the Flask-style signed-cookie store fails exactly what it cannot do: revoke a copied cookie
 * (LO-04) and log out other devices (LO-18).
 */
import { describe, expect, it } from 'vitest';
import { inProcess, runChecks } from '../sandbox-server/checks';
import { labCheckConfig } from '../sandbox-server/labs/verify';
import { createLabApp } from '../sandbox-server/src/app';

describe.each([
  ['server', []],
  ['cookie', ['LO-04', 'LO-18']],
] as const)('default %s-store app', (store, failing) => {
  it.each([
    ['http://localhost', false],
    ['https://lab.example', true],
  ] as const)('over %s fails exactly %j', async (base, secure) => {
    const { fetch } = createLabApp({ store, secure, passwordIterations: 1000 });
    const config = labCheckConfig(
      { store, title: '', goal: '', editable: [], readonly: [], checks: [], mistakes: [] },
      secure,
    );
    const results = await runChecks({ transport: inProcess(fetch, base), config });
    expect(results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id)).toEqual(
      failing,
    );
  });
});
