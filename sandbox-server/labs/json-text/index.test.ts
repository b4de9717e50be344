import { describe, expect, it } from 'vitest';
import { jsonErrorPlace, lineColumn } from '.';

describe('json-text', () => {
  it('turns an offset into a 1-based line and column', () => {
    expect(lineColumn('ab\ncd', 0)).toBe('line 1, column 1');
    expect(lineColumn('ab\ncd', 4)).toBe('line 2, column 2');
  });

  it("places JSON.parse's own error, or says nothing when it gives no position", () => {
    const text = '{\n  "a": 1,\n}';
    let message = '';
    try {
      JSON.parse(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(jsonErrorPlace(text, message)).toBe(' at line 3, column 1');
    expect(jsonErrorPlace(text, 'Unexpected end of JSON input')).toBe('');
  });
});
