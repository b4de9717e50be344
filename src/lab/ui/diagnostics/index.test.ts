/** Where a reported problem is underlined, and which problems become diagnostics. */
import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { problemDiagnostic, problemRange } from './index';

const doc = Text.of([
  'app.post("/logout", (c) => {',
  "  c.get('session').pop('userId';",
  '  return c;',
  '});',
  '',
]);
/** The text a range covers. */
const covered = (range: { from: number; to: number }) => doc.sliceString(range.from, range.to);

describe('problem ranges', () => {
  it('underlines the word or the character at the 1-based line and column', () => {
    expect(covered(problemRange(doc, 2, 32))).toBe(';');
    expect(covered(problemRange(doc, 2, 3))).toBe('c');
    expect(covered(problemRange(doc, 3, 3))).toBe('return');
    expect(problemRange(doc, 2, 32).from).toBe(doc.line(2).from + 31);
  });

  it('at the end of a line marks its last character; on the empty last line, the last line with text', () => {
    expect(covered(problemRange(doc, 3, 99))).toBe(';');
    expect(problemRange(doc, 5, 1)).toEqual({ from: doc.line(4).to - 1, to: doc.line(4).to });
    // Out of range lines stay inside the document.
    expect(problemRange(doc, 40, 1).to).toBeLessThanOrEqual(doc.length);
    expect(covered(problemRange(doc, 0, 1))).toBe('app');
    expect(problemRange(Text.of(['']), 1, 1)).toEqual({ from: 0, to: 0 });
  });
});

describe('problem diagnostics', () => {
  it('a compile or load problem with a line is an error with the runtime message', () => {
    expect(
      problemDiagnostic(doc, {
        kind: 'compile',
        file: 'routes/logout.ts',
        line: 2,
        column: 32,
        message: 'Unexpected token, expected ","',
      }),
    ).toEqual({
      from: doc.line(2).from + 31,
      to: doc.line(2).from + 32,
      severity: 'error',
      message: 'Unexpected token, expected ","',
    });
    expect(
      problemDiagnostic(doc, {
        kind: 'load',
        file: 'routes/logout.ts',
        line: 3,
        message: 'x is not defined',
      }),
    ).toMatchObject({ from: doc.line(3).from, severity: 'error' });
  });

  it('a problem without a place is none', () => {
    expect(problemDiagnostic(doc, null)).toBeNull();
    expect(
      problemDiagnostic(doc, { kind: 'load', file: 'routes/logout.ts', message: 'exports no routes' }),
    ).toBeNull();
    expect(problemDiagnostic(doc, { kind: 'timeout', message: 'endless loop' })).toBeNull();
    expect(problemDiagnostic(doc, { kind: 'crash', message: 'boom' })).toBeNull();
  });
});
