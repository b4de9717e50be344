/**
 * A fake WebContainer for the adapter's tests, behaving as real WebContainers are documented and
 * reported to behave, not like Node (the real one needs StackBlitz's servers and cross-origin
 * isolation, neither of which exist in CI):
 * - a process's `output` is a pseudo-terminal's: stdout and stderr merged, `\r\n` line ends, the
 *   bytes cut into chunks that are decoded one by one without `stream: true` (a UTF-8 character
 *   split across two chunks comes out as replacement characters), and colour codes when asked;
 * - what the page writes to `input` is echoed into the output (a terminal echoes input);
 * - `kill()` may do nothing: a busy loop cannot be stopped (webcontainer-core #1121);
 * - port 8787 is taken until the process holding it has exited (EADDRINUSE otherwise);
 * - any call can be made to never settle, and the container can emit `error`.
 * Inside, it answers like `lab.mjs` (src/lab/tree, proven under real Node by its own test):
 * `serve` says any load problem, then `listening`, then answers control messages on stdin.
 */
import type { LabRequest, LabResponse } from '../runtime';
import { CONTROL_MARK, markLine, type ControlMessage } from '../tree/protocol';

export const PREVIEW_URL = 'https://logout-lab--8787--fake.local-corp.webcontainer-api.io';

/** What the API does to output: each chunk of `bytes` bytes decoded on its own. */
export function decodeLikeTheApi(text: string, bytes: number): string[] {
  const encoded = new TextEncoder().encode(text);
  const chunks: string[] = [];
  for (let at = 0; at < encoded.length; at += bytes)
    chunks.push(new TextDecoder().decode(encoded.slice(at, at + bytes)));
  return chunks;
}

export interface FakeBehaviour {
  /** kill() does nothing (a busy loop in a WebContainer). */
  unkillable?: boolean;
  /** Calls that never settle. */
  hang?: ReadonlySet<'mount' | 'writeFile' | 'mkdir' | 'spawn' | 'input'>;
  /** Wrap marked lines in colour codes, as a terminal-aware logger would. */
  colour?: boolean;
  /** Bytes per output chunk (small: lines and characters are split). */
  chunkBytes?: number;
  /** The body of every console response (a large UTF-8 text). */
  body?: (path: string) => string;
  /** The app's answer to a request, instead of `you asked for <path>`. */
  app?: (request: LabRequest) => LabResponse;
  /** Never print `listening` (a loop at the top level of a learner file). */
  neverListens?: boolean;
}

export class FakeProcess {
  readonly output: ReadableStream<string>;
  readonly exit: Promise<number>;
  readonly input: WritableStream<string>;
  exited = false;
  killed = false;
  /** Every control message this process was sent, parsed. */
  readonly control: ControlMessage[] = [];
  #out!: ReadableStreamDefaultController<string>;
  #exit!: (code: number) => void;
  #pieces = new Map<number, string>();
  #inputBuffer = '';

  constructor(
    readonly args: string[],
    readonly behaviour: FakeBehaviour,
    onControl: (process: FakeProcess, id: number, message: ControlMessage) => void,
  ) {
    this.output = new ReadableStream<string>({ start: (controller) => void (this.#out = controller) });
    this.exit = new Promise((resolve) => (this.#exit = resolve));
    this.input = new WritableStream<string>({
      write: (text) => {
        if (behaviour.hang?.has('input')) return new Promise(() => undefined);
        // A terminal echoes what is typed (with \r\n line ends).
        this.#raw(text.replace(/\n/g, '\r\n'));
        this.#inputBuffer += text;
        const lines = this.#inputBuffer.split('\n');
        this.#inputBuffer = lines.pop() ?? '';
        for (const line of lines) {
          const frame = line.startsWith(CONTROL_MARK)
            ? /^(\d+) ([01]) (.*)$/.exec(line.slice(CONTROL_MARK.length))
            : null;
          if (!frame) continue;
          const id = Number(frame[1]);
          const json = (this.#pieces.get(id) ?? '') + (frame[3] ?? '');
          if (frame[2] === '1') this.#pieces.set(id, json);
          else {
            this.#pieces.delete(id);
            const message = JSON.parse(json) as ControlMessage;
            this.control.push(message);
            onControl(this, id, message);
          }
        }
        return undefined;
      },
    });
  }

  #raw(text: string): void {
    if (this.exited) return;
    for (const chunk of decodeLikeTheApi(text, this.behaviour.chunkBytes ?? 64)) this.#out.enqueue(chunk);
  }

  print(text: string): void {
    this.#raw(`${text}\r\n`);
  }

  say(value: unknown): void {
    const line = markLine(value);
    this.print(this.behaviour.colour ? `\u001b[32m${line}\u001b[39m` : line);
  }

  end(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.#out.close();
    this.#exit(code);
  }

  kill(): void {
    this.killed = true;
    if (!this.behaviour.unkillable) setTimeout(() => this.end(137), 5);
  }
}

export class FakeWebContainer {
  readonly files = new Map<string, string>();
  readonly spawned: FakeProcess[] = [];
  mounted: unknown = null;
  tornDown = false;
  #errors = new Set<(error: { message: string }) => void>();

  constructor(readonly behaviour: FakeBehaviour = {}) {}

  #call<T>(name: 'mount' | 'writeFile' | 'mkdir' | 'spawn', value: () => T): Promise<T> {
    if (this.tornDown) return Promise.reject(new Error('WebContainer has been torn down'));
    return this.behaviour.hang?.has(name) ? new Promise(() => undefined) : Promise.resolve(value());
  }

  fs = {
    writeFile: (path: string, contents: string) =>
      this.#call('writeFile', () => void this.files.set(path, contents)),
    mkdir: () => this.#call('mkdir', () => undefined),
  };

  mount(tree: unknown): Promise<void> {
    return this.#call('mount', () => void (this.mounted = tree));
  }

  /** `server-ready` never fires (an ad blocker blocks the preview domain): the adapter must not need it. */
  on(event: string, listener: (error: { message: string }) => void): () => void {
    if (event === 'error') this.#errors.add(listener);
    return () => this.#errors.delete(listener);
  }

  emitError(message: string): void {
    for (const listener of this.#errors) listener({ message });
  }

  teardown(): void {
    this.tornDown = true;
    for (const process of this.spawned) process.end(1);
  }

  get serves(): FakeProcess[] {
    return this.spawned.filter((p) => p.args[2] === 'serve');
  }

  leaves(): string {
    return [...this.files]
      .filter(([path]) => path.startsWith('leaves/'))
      .map(([, code]) => code)
      .join('\n');
  }

  spawn(command: string, args: string[]): Promise<FakeProcess> {
    return this.#call('spawn', () => {
      const process = new FakeProcess([command, ...args], this.behaviour, (p, id, message) =>
        this.#answer(p, id, message),
      );
      const holder = this.serves.find((p) => !p.exited);
      this.spawned.push(process);
      const code = this.leaves();
      setTimeout(() => {
        if (args[1] !== 'serve') return process.end(1);
        if (holder) {
          process.print('Error: listen EADDRINUSE: address already in use :::8787');
          return process.end(1);
        }
        process.say({ log: { level: 'info', text: 'session: a server log line' } });
        if (code.includes('throw new Error'))
          process.say({
            problem: {
              kind: 'crash',
              message: 'routes/logout.ts: the file threw while registering its routes: boom',
            },
          });
        if (this.behaviour.neverListens) return undefined;
        process.print('Lab server (server sessions) listening on http://localhost:8787');
        process.say({ listening: 8787 });
        return undefined;
      }, 1);
      return process;
    });
  }

  /** `serve`'s answers on its control channel (see ../tree/index.ts listenForControl). */
  #answer(process: FakeProcess, id: number, message: ControlMessage): void {
    const code = this.leaves();
    setTimeout(() => {
      if ('request' in message) {
        // A loop in a handler: the process never answers again (and, if unkillable, never exits).
        if (code.includes('while (true)') && message.request.path === '/loop') return;
        const body = this.behaviour.body?.(message.request.path) ?? `you asked for ${message.request.path}`;
        const response = this.behaviour.app?.(message.request) ?? {
          status: 200,
          statusText: 'OK',
          headers: [['content-type', 'text/plain']],
          body,
          durationMs: 1,
        };
        process.say({ reply: id, response });
        return;
      }
      const ids = message.check;
      process.print('a learner console.log line');
      const results = ids.map((check) => ({
        id: check,
        title: check,
        status: 'pass',
        message: '',
        hint: { concept: 'c', lesson: '05-session-security' },
        trace: [],
        logs: '',
      }));
      if (code.includes('while (true)')) {
        const stuck = `Stopped: your code did not finish check ${ids[0]} within 3 seconds, so it is probably stuck in an endless loop.`;
        process.say({
          reply: id,
          results: results.map((r, i) => ({ ...r, status: 'error', message: i ? 'Not run' : stuck })),
          stuck: { id: ids[0], message: stuck },
        });
      } else process.say({ reply: id, results });
    }, 1);
  }
}
