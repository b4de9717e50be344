import { describe, expect, it } from 'vitest';
import { CONTROL_MARK, CONTROL_PIECE, controlLines, LAB_MARK, markLine, stripAnsi } from './protocol';

describe('the page ↔ lab.mjs protocol', () => {
  it('marked lines are ASCII and parse back to the same value', () => {
    const value = { text: 'héllo ☕ 😀 \u2028 “quotes”', n: 1 };
    const line = markLine(value);
    expect(line.startsWith(LAB_MARK)).toBe(true);
    expect(line).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(line.slice(LAB_MARK.length))).toEqual(value);
  });

  it('strips colours, cursor moves, window titles and carriage returns', () => {
    const line = `\u001b]0;node lab.mjs\u0007\u001b[2K\u001b[1G\u001b[32m${LAB_MARK}{"listening":8787}\u001b[39m\r`;
    expect(stripAnsi(line)).toBe(`${LAB_MARK}{"listening":8787}`);
    expect(stripAnsi('\u001b[?25lplain\u001b[0m')).toBe('plain');
  });

  it('cuts a control message into short ASCII lines that join back to it', () => {
    const message = {
      secret: 's'.repeat(48),
      request: { method: 'POST', path: '/login', headers: [] as [string, string][], body: 'ü'.repeat(600) },
      timeoutMs: 3000,
    };
    const lines = controlLines(7, message);
    expect(lines.length).toBeGreaterThan(1);
    const pieces = lines.map((line) => /^@@ctl 7 ([01]) (.*)$/.exec(line));
    expect(pieces.map((p) => p?.[1])).toEqual([...Array(lines.length - 1).fill('1'), '0']);
    for (const line of lines)
      expect(line.length).toBeLessThanOrEqual(CONTROL_MARK.length + 4 + CONTROL_PIECE);
    expect(JSON.parse(pieces.map((p) => p?.[2]).join(''))).toEqual(message);
  });
});
