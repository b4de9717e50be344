/**
 * How labs/sandbox and its child process talk: one JSON message per line (JSON never holds a raw
 * newline), with byte arrays as `{ "$b64": "…" }`. The parent reads with a size limit per line,
 * so a child that writes garbage or a huge line is stopped instead of filling the grader's memory.
 */

export function encode(message: unknown): string {
  return `${JSON.stringify(message, (_key, value: unknown) => (value instanceof Uint8Array ? { $b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') } : value))}\n`;
}

export function decode(line: string): unknown {
  return JSON.parse(line, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const b64 = (value as { $b64?: unknown }).$b64;
      if (typeof b64 === 'string' && Object.keys(value).length === 1) {
        const bytes = Buffer.from(b64, 'base64');
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
    }
    return value;
  });
}

/** Splits a byte stream into lines; a line longer than `max` bytes calls `tooLong` once and stops reading. */
export class LineReader {
  #chunks: Buffer[] = [];
  #size = 0;
  #broken = false;
  readonly #max: number;
  readonly #onLine: (line: string) => void;
  readonly #tooLong: (size: number) => void;

  constructor(max: number, onLine: (line: string) => void, tooLong: (size: number) => void) {
    this.#max = max;
    this.#onLine = onLine;
    this.#tooLong = tooLong;
  }

  push(chunk: Buffer): void {
    let rest = chunk;
    while (!this.#broken) {
      const end = rest.indexOf(10);
      if (end === -1) {
        this.#chunks.push(rest);
        this.#size += rest.byteLength;
        if (this.#size > this.#max) {
          this.#broken = true;
          this.#chunks = [];
          this.#tooLong(this.#size);
        }
        return;
      }
      this.#chunks.push(rest.subarray(0, end));
      const line = Buffer.concat(this.#chunks).toString('utf8');
      const size = this.#size + end;
      this.#chunks = [];
      this.#size = 0;
      rest = rest.subarray(end + 1);
      if (size > this.#max) {
        this.#broken = true;
        this.#tooLong(size);
        return;
      }
      this.#onLine(line);
    }
  }
}
