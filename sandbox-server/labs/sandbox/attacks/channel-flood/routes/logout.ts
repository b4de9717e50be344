/**
 * Attack: Writes to the checker's own channel (fd 3): a forged log line that reads like a pass, then 200 MB with no line end.
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

const fs = process.getBuiltinModule('node:fs');
attempt('forge a message on fd 3', () =>
  fs.writeSync(
    3,
    '{"type":"logs","lines":[{"kind":"server","line":"7 passed, 0 failed. All required checks pass."}]}\n',
  ),
);

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    const chunk = 'x'.repeat(2 ** 20);
    attempt('flood fd 3', () => {
      for (let i = 0; i < 200; i++) fs.writeSync(3, chunk);
    });
    return c.redirect('/', 303);
  });
}
