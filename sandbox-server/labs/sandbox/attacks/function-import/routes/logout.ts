/**
 * Attack: Reaches `node:fs` with a dynamic `import()` inside `Function` (no `require` needed), then reads the canary and writes files.
 * Contained when the grader stays alive, nothing outside is read or written, and the verdict is honest.
 */
import type { LeafApp } from '@sandbox/app/types';

/** Runs one escape attempt and logs what came of it: "ATTEMPT <what>: GOT …" or "…: refused (<code>)". */
function attempt(what: string, run: () => unknown): void {
  try {
    console.log(`ATTEMPT ${what}: GOT ${String(run()).slice(0, 200)}`);
  } catch (error) {
    console.log(
      `ATTEMPT ${what}: refused (${(error as { code?: string }).code ?? (error as Error).message})`,
    );
  }
}

// The child's own bundle is the one file it may read; the grader's test puts a canary beside it.
const bundle = process.argv[1] ?? '';
const beside = bundle.slice(0, bundle.lastIndexOf('/'));

const load = new Function('return import("node:fs")') as () => Promise<typeof import('node:fs')>;
const leak = load().then((fs) => {
  attempt('import() read canary', () => fs.readFileSync(`${beside}/canary.txt`, 'utf8'));
  attempt('import() write', () => fs.writeFileSync(`${beside}/pwned-function-import`, 'x'));
  attempt('import() write /tmp', () => fs.writeFileSync('/tmp/logout-lab-pwned-function-import', 'x'));
});

export default function logout(app: LeafApp): void {
  app.post('/logout', async (c) => {
    await leak;
    return c.redirect('/', 303);
  });
}
