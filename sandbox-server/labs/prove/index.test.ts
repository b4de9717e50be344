import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { proveLab } from '.';

const GOOD = `export default function logout(app) {
  app.post('/logout', (c) => {
    c.get('session').pop('userId');
    return c.redirect('/', 303);
  });
}
`;
const REDIRECT_ONLY = `export default function logout(app) {
  app.post('/logout', (c) => c.redirect('/', 303));
}
`;
const HANGS = `export default function logout(app) {
  while (true) {}
}
`;

const root = mkdtempSync(join(tmpdir(), 'lab-prove-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
function lab(slug: string, solution: string, extra: Record<string, unknown> = {}) {
  write(
    `${slug}/lab/lab.json`,
    JSON.stringify({
      title: 'Write the logout route',
      goal: 'Log out.',
      store: 'cookie',
      editable: ['routes/logout.ts'],
      checks: ['LO-03', 'LO-05', 'LO-08'],
      provided: ['LO-03'],
      mistakes: [{ name: 'redirect-only', title: 'Redirects only', fails: ['LO-05', 'LO-08'] }],
      ...extra,
    }),
  );
  write(`${slug}/lab/starter/routes/logout.ts`, REDIRECT_ONLY);
  write(`${slug}/lab/solution/routes/logout.ts`, solution);
  write(`${slug}/lab/mistakes/redirect-only/routes/logout.ts`, REDIRECT_ONLY);
}
lab('03-good', GOOD);
lab('04-broken-solution', REDIRECT_ONLY);
lab('05-cookie-replay', GOOD, { checks: ['LO-04', 'LO-05'], provided: [], mistakes: [] });
lab('06-hangs', HANGS);

describe('proveLab', { timeout: 30_000 }, () => {
  it('proves a good lab with the report lab verify prints', async () => {
    const proof = await proveLab('03-good', { lessonsDir: root });
    expect(proof).toMatchObject({ slug: '03-good', ok: true, file: join(root, '03-good/lab/lab.json') });
    expect(proof.report).toBe(
      '✔ 03-good: Write the logout route\n  ✔ solution: passes every check\n  ✔ starter: fails LO-05, LO-08\n  ✔ mistake redirect-only: fails exactly LO-05, LO-08',
    );
  });

  it('fails a lab whose solution fails a check, naming the check and why', async () => {
    const proof = await proveLab('04-broken-solution', { lessonsDir: root });
    expect(proof.ok).toBe(false);
    expect(proof.report).toMatch(
      /^✘ 04-broken-solution: Write the logout route\n {2}✘ solution: does not pass\n {6}- LO-05 fails: After clicking logout, the browser is still logged in\./,
    );
  });

  it('fails a lab whose manifest is refused, with the manifest message', async () => {
    const proof = await proveLab('05-cookie-replay', { lessonsDir: root });
    expect(proof.ok).toBe(false);
    expect(proof.report).toContain('✘ 05-cookie-replay\n  Invalid lab manifest in');
    expect(proof.report).toContain('**checks[0]**: "LO-04" can never pass with "store": "cookie"');
  });

  it('does not hang on a solution that never finishes loading', async () => {
    const proof = await proveLab('06-hangs', { lessonsDir: root, loadTimeoutMs: 500, stuckMs: 300 });
    expect(proof.ok).toBe(false);
    expect(proof.report).toContain('✘ solution: does not pass');
    expect(proof.report).toMatch(/does not build: .*routes\/logout\.ts/);
  });
});
