import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labProof, proofMessage, proveLabs } from './index';

const GOOD =
  "export default function (app) {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect('/', 303);\n  });\n}\n";
const REDIRECT_ONLY =
  "export default function (app) {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n";

const root = mkdtempSync(join(tmpdir(), 'lab-proof-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const lab = (slug: string, solution: string) => {
  write(
    `lessons/${slug}/lab/lab.json`,
    JSON.stringify({
      title: 'Write the route',
      goal: 'Log out.',
      store: 'cookie',
      editable: ['routes/logout.ts'],
      checks: ['LO-05'],
      mistakes: [{ name: 'redirect-only', title: 'Redirects only', fails: ['LO-05'] }],
    }),
  );
  write(`lessons/${slug}/lab/starter/routes/logout.ts`, REDIRECT_ONLY);
  write(`lessons/${slug}/lab/solution/routes/logout.ts`, solution);
  write(`lessons/${slug}/lab/mistakes/redirect-only/routes/logout.ts`, REDIRECT_ONLY);
};
lab('03-good', GOOD);
lab('07-edited', REDIRECT_ONLY);

describe('proveLabs and proofMessage', { timeout: 30_000 }, () => {
  it('proves every lab of a project and words a failure with the lab, its report and the fix', async () => {
    const proofs = await proveLabs(root);
    expect(proofs.map((p) => [p.slug, p.ok])).toEqual([
      ['03-good', true],
      ['07-edited', false],
    ]);
    const message = proofMessage(proofs[1]!);
    expect(message).toMatch(
      /^Lab 07-edited does not prove itself, so it cannot be published\. Its report \(the same as `npm run lab -- verify 07`\):\n✘ 07-edited: Write the route\n {2}✘ solution: does not pass\n/,
    );
    expect(message.split('\n').at(-1)).toMatch(
      /^Fix: change the files the report names under lessons\/07-edited\/lab\/ until `npm run lab -- verify 07` passes/,
    );
    expect(await proveLabs(join(root, 'nowhere'))).toEqual([]);
  });
});

describe('astro dev: the lab being edited proves itself again', { timeout: 30_000 }, () => {
  it('shows a failed proof in the overlay, again to pages that connect, and reloads once the lab is fixed', async () => {
    const handlers: Record<string, (file: string) => void> = {};
    const watcher = {
      on: (event: string, handler: (file: string) => void) => ((handlers[event] = handler), watcher),
    };
    const sent: { type: string; err?: { message: string; plugin: string; loc: { file: string } } }[] = [];
    const connections: (() => void)[] = [];
    const ws = {
      send: (payload: (typeof sent)[number]) => sent.push(payload),
      on: (_event: string, handler: () => void) => connections.push(handler),
    };
    const logs: string[] = [];
    const logger = {
      info: (m: string) => logs.push(`info ${m}`),
      error: (m: string) => logs.push(`error ${m}`),
    };
    const hook = labProof({ delayMs: 5 }).hooks['astro:server:setup'] as unknown as (o: object) => void;
    hook({ server: { config: { root }, watcher, ws }, logger });
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    };

    handlers['change']?.(join(root, 'src/pages/index.astro'));
    handlers['change']?.(join(root, 'lessons/07-edited/lab/solution/routes/logout.ts'));
    await until(() => sent.length > 0);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.type).toBe('error');
    expect(sent[0]?.err?.plugin).toBe('logout-lab:lab-proof');
    expect(sent[0]?.err?.loc.file).toBe(join(root, 'lessons/07-edited/lab/lab.json'));
    expect(sent[0]?.err?.message).toMatch(/^Lab 07-edited does not prove itself/);
    expect(logs[0]).toMatch(/^error Lab 07-edited does not prove itself/);
    connections.forEach((connect) => connect()); // dev-feedback reloaded the page
    expect(sent).toHaveLength(2);

    write('lessons/07-edited/lab/solution/routes/logout.ts', GOOD);
    handlers['change']?.(join(root, 'lessons/07-edited/lab/solution/routes/logout.ts'));
    await until(() => sent.length > 2);
    expect(sent.slice(2)).toEqual([{ type: 'full-reload', path: '*' }]);
    expect(logs.at(-1)).toBe('info lab of 07-edited proves itself');
    connections.forEach((connect) => connect());
    expect(sent).toHaveLength(3);
  });
});
