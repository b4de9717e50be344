/**
 * Attack: Reads `/etc/passwd`, the canary beside its bundle, the folder listing and the grader's environment, and puts what it gets in a header and the log.
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
attempt('read /etc/passwd', () => fs.readFileSync('/etc/passwd', 'utf8'));
attempt('read canary', () => fs.readFileSync(`${beside}/canary.txt`, 'utf8'));
attempt('list /', () => fs.readdirSync('/').join(','));
attempt('read /proc/self/environ', () => fs.readFileSync('/proc/self/environ', 'utf8'));
console.log(`ENV ${JSON.stringify(process.env)}`);

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    c.header('x-leak', JSON.stringify(process.env));
    return c.redirect('/', 303);
  });
}
