/**
 * `node:util` parseArgs for every command line of the project (`npm run lab`, `npm run new-lesson`,
 * the size budget, the server artifacts), with one twist: parseArgs' own errors name the problem but
 * not the fix ("Unknown option '--levle'. To specify a positional argument starting with a '-'…"),
 * so on a parse error this finds the offending argument and hands it back as data. Each command then
 * writes its own message with the fix. Node only.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export type ArgsProblem =
  /** An option the command does not know (`option` as typed, e.g. `--levle`). */
  | { kind: 'unknown'; option: string }
  /** A string option without a value: last on the line, or followed by another option. */
  | { kind: 'missing-value'; option: string }
  /** A boolean option written with a value (`--lab=yes`). */
  | { kind: 'unexpected-value'; option: string };

export class ArgsError extends Error {
  override name = 'ArgsError';
  readonly problem: ArgsProblem;

  constructor(problem: ArgsProblem, cause: unknown) {
    super(`${problem.kind}: ${problem.option}`, { cause });
    this.problem = problem;
  }
}

/** parseArgs in strict mode, positionals allowed; throws {@link ArgsError} for a bad option. */
export function parseCommandLine<const O extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    throw new ArgsError(
      findProblem(args, options) ?? {
        kind: 'unknown',
        option: String(args.find((arg) => arg.startsWith('-')) ?? ''),
      },
      error,
    );
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/**
 * The first argument strict mode refuses. A lenient pass tokenises the line the same way (a string
 * option then takes the next argument even when it starts with "-", which strict mode calls
 * ambiguous, so such a value counts as missing).
 */
function findProblem(args: readonly string[], options: ParseArgsOptionsConfig): ArgsProblem | undefined {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) return { kind: 'unknown', option: token.rawName };
    if (
      spec.type === 'string' &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))
    ) {
      return { kind: 'missing-value', option: token.rawName };
    }
    if (spec.type === 'boolean' && token.value !== undefined)
      return { kind: 'unexpected-value', option: token.rawName };
  }
  return undefined;
}
