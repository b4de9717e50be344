import { describe, expect, it } from 'vitest';
import { ArgsError, parseCommandLine } from '.';

const options = {
  dir: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string', multiple: true },
} as const;

function problemOf(args: string[]) {
  try {
    parseCommandLine(args, options);
  } catch (error) {
    if (error instanceof ArgsError) return error.problem;
    throw error;
  }
  return undefined;
}

describe('parseCommandLine', () => {
  it('reads options, inline values and positionals like parseArgs', () => {
    const { values, positionals } = parseCommandLine(
      ['3', '--dir', 'x', '--json', '--out=a.csv', '--out', 'b.html'],
      options,
    );
    expect(values).toEqual({ dir: 'x', json: true, out: ['a.csv', 'b.html'] });
    expect(positionals).toEqual(['3']);
    expect(parseCommandLine(['--dir=--odd'], options).values.dir).toBe('--odd');
  });

  it('names an unknown option as typed', () => {
    expect(problemOf(['3', '--port', '1'])).toEqual({ kind: 'unknown', option: '--port' });
    expect(problemOf(['-x'])).toEqual({ kind: 'unknown', option: '-x' });
    expect(problemOf(['--constructor'])).toEqual({ kind: 'unknown', option: '--constructor' });
  });

  it('names a string option without a value, at the end or before another option', () => {
    expect(problemOf(['3', '--dir'])).toEqual({ kind: 'missing-value', option: '--dir' });
    expect(problemOf(['--dir', '--json'])).toEqual({ kind: 'missing-value', option: '--dir' });
  });

  it('names a boolean option given a value', () => {
    expect(problemOf(['--json=yes'])).toEqual({ kind: 'unexpected-value', option: '--json' });
  });

  it('lets other errors through', () => {
    expect(() =>
      parseCommandLine(['--dir', 'x'], { dir: { type: 'string', default: 1 as unknown as string } }),
    ).toThrow(TypeError);
  });
});
