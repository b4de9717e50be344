/**
 * Attack: Writes files beside its bundle and in /tmp, makes a folder, and appends to its own bundle.
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

const fs = process.getBuiltinModule('node:fs');
attempt('write beside bundle', () => fs.writeFileSync(`${beside}/pwned-write-outside`, 'x'));
attempt('write /tmp', () => fs.writeFileSync('/tmp/logout-lab-pwned-write-outside', 'x'));
attempt('mkdir /tmp', () => fs.mkdirSync('/tmp/logout-lab-pwned-write-outside-dir'));
attempt('append to bundle', () => fs.appendFileSync(bundle, '\n;process.exitCode = 0;\n'));

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => c.redirect('/', 303));
}
