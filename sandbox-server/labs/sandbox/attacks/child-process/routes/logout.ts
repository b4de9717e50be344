/**
 * Attack: Runs a command as the grader's user through `process.getBuiltinModule`, at load and at request time.
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

const run = (when: string) => {
  const cp = process.getBuiltinModule('node:child_process');
  attempt(`${when} execSync`, () =>
    cp.execSync(`touch ${beside}/pwned-child-process /tmp/logout-lab-pwned-child-process`).toString(),
  );
  attempt(`${when} spawnSync`, () => cp.spawnSync('/bin/sh', ['-c', 'id']).stdout);
};
run('load');

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    run('request');
    return c.redirect('/', 303);
  });
}
