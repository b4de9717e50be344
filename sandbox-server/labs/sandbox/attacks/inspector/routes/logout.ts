/**
 * Attack: Opens the inspector to rewrite the grader: `Session().connectToMainThread()`, `Session().connect()` and `inspector.open()`.
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

const inspector = process.getBuiltinModule('node:inspector');
attempt('Session.connectToMainThread', () => new inspector.Session().connectToMainThread());
attempt('Session.connect', () => {
  const session = new inspector.Session();
  session.connect();
  // Were it connected: make every check pass by rewriting the report's exit code.
  session.post('Runtime.evaluate', { expression: 'process.exitCode = 0' });
  return 'connected';
});
attempt('inspector.open', () => inspector.open(0, '127.0.0.1'));

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => c.redirect('/', 303));
}
