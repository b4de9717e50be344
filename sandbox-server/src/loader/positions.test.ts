import { describe, expect, it } from 'vitest';
import { decodeMappings, mapStackText, PositionMap } from './positions';

describe('decodeMappings', () => {
  it('decodes Base64 VLQ segments, relative across segments and lines', () => {
    // Line 1: col 0 → 0:0, col 9 → 0:9; line 2: col 2 → 1:5 (negative deltas on the way back).
    expect(decodeMappings('AAAA,SAAS;EACJ')).toEqual([
      [
        { column: 0, sourceLine: 0, sourceColumn: 0 },
        { column: 9, sourceLine: 0, sourceColumn: 9 },
      ],
      [{ column: 2, sourceLine: 1, sourceColumn: 5 }],
    ]);
    expect(decodeMappings('A,AAAA;;')).toEqual([[{ column: 0, sourceLine: 0, sourceColumn: 0 }], [], []]);
    expect(() => decodeMappings('A!')).toThrow(/bad source map character/);
  });
});

describe('PositionMap', () => {
  it('maps a token start, keeps an offset inside unchanged text, and is the identity without mappings', () => {
    // sucrase's own output and map for an imported call after a type annotation.
    const source = "import { f } from 'm';\nconst n: number = f(1);";
    const code = '"use strict";var _m = require(\'m\');\nconst n = _m.f.call(void 0, 1);';
    const map = new PositionMap(source, code, 'AAAA,mCAAqB;AACrB,MAAM,CAAC,CAAS,EAAE,kBAAC,CAAE,CAAC');
    expect(map.original({ line: 2, column: 1 })).toEqual({ line: 2, column: 1 }); // `const`
    expect(map.original({ line: 2, column: 3 })).toEqual({ line: 2, column: 3 }); // inside `const`
    expect(map.original({ line: 2, column: 11 })).toEqual({ line: 2, column: 19 }); // `_m.f` → `f`
    expect(map.original({ line: 2, column: 16 })).toEqual({ line: 2, column: 19 }); // `call` → still `f`
    // sucrase maps the first argument of the rewritten call to the `(`; the map moves it to `1`.
    expect(map.original({ line: 2, column: 29 })).toEqual({ line: 2, column: 21 });
    expect(new PositionMap('a', 'a').original({ line: 3, column: 4 })).toEqual({ line: 3, column: 4 });
  });

  it('chains: the first map’s answer goes through the next', () => {
    const inner = new PositionMap('xx', 'xx', 'AAAA');
    const outer = new PositionMap('abc', 'abc', 'AACA').then(inner);
    expect(outer.original({ line: 1, column: 1 })).toEqual({ line: 2, column: 1 });
  });
});

describe('mapStackText', () => {
  it('rewrites the frames of one file only, in V8 and Firefox formats', () => {
    const stack =
      'Error: x\n    at eval (routes/logout.ts:6:79)\n    at f (other/routes/logout.ts:1:1)\n@routes/logout.ts:2:3';
    const mapped = mapStackText(stack, 'routes/logout.ts', ({ line, column }) => ({
      line,
      column: column - 1,
    }));
    expect(mapped).toBe(
      'Error: x\n    at eval (routes/logout.ts:6:78)\n    at f (other/routes/logout.ts:1:1)\n@routes/logout.ts:2:2',
    );
  });
});
