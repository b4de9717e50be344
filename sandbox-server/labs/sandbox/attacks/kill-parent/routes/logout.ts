/**
 * Attack: Kills the grader (its parent) with SIGKILL, at load and at request time.
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

attempt('load kill(ppid)', () => process.kill(process.ppid, 'SIGKILL'));

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    attempt('request kill(ppid)', () => process.kill(process.ppid, 'SIGKILL'));
    return c.redirect('/', 303);
  });
}
