/**
 * The sucrase stubs stand in for modules the lab never runs: each must export every name the real
 * module exports (or the bundle would not link after an upgrade), and the lab's own transforms
 * must still work through the stubbed parser.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as flowStub from './stubs/sucrase-flow.js';

const require = createRequire(import.meta.url);
const exportsOf = (path: string): string[] =>
  [...readFileSync(path, 'utf8').matchAll(/^export function (\w+)/gm)].map((m) => m[1] ?? '').sort();

describe('sucrase stubs', () => {
  it("the Flow stub exports every function of sucrase's Flow plugin, and each says it is not built in", () => {
    const real = require.resolve('sucrase/dist/esm/parser/plugins/flow.js');
    const names = exportsOf(real);
    expect(names.length).toBeGreaterThan(20);
    expect(Object.keys(flowStub).sort()).toEqual(names);
    for (const fn of Object.values(flowStub))
      expect(() => (fn as () => void)()).toThrow(
        'sucrase was asked to parse Flow: the lab parses TypeScript only',
      );
  });
});
