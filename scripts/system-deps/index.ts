/**
 * What `npm test` needs from the operating system, and what to do when some of it is missing.
 * The decision is a pure function of what the probes saw, so it is tested without uninstalling
 * anything; `main.ts` runs the real probes and carries the decision out.
 *
 * Needed: Chromium for the browser tests (Debian's package: Playwright never downloads a browser)
 * and Flask, Flask-Login, Flask-WTF and PyJWT for the Flask tests, imported by Debian's own
 * `/usr/bin/python3` (the Python first on PATH may be another one, without them).
 */

/** A Python module the Flask tests import, and the Debian package that provides it. */
export const pythonModules = [
  { module: 'flask', debian: 'python3-flask' },
  { module: 'flask_login', debian: 'python3-flask-login' },
  { module: 'flask_wtf', debian: 'python3-flaskext.wtf' },
  { module: 'jwt', debian: 'python3-jwt' },
] as const;

export type PythonModule = (typeof pythonModules)[number]['module'];

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** What the probes found. Every field is a fact about this machine, gathered before deciding. */
export interface Probes {
  /** The browser the tests will launch: CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
  chromiumPath: string;
  /** True when CHROMIUM_PATH chose the browser (then installing Debian's would not help). */
  chromiumFromEnv: boolean;
  /** The browser is an executable file. */
  chromiumFound: boolean;
  /** The modules `/usr/bin/python3` failed to import (all of them when there is no such Python). */
  missingModules: readonly PythonModule[];
  /** The process runs as root. */
  root: boolean;
  /** `sudo -n true` succeeded: sudo works without asking for a password. Only probed when needed. */
  passwordlessSudo: boolean;
  /** apt-get exists, so this is Debian or a relative where the package names apply. */
  aptGet: boolean;
}

export type Plan =
  | { action: 'ready' }
  | { action: 'install'; packages: string[]; sudo: boolean; commands: string[][] }
  | { action: 'stop'; packages: string[]; message: string };

/** The Debian packages that would provide what the probes found missing, in a stable order. */
export function missingPackages(
  probes: Pick<Probes, 'chromiumFound' | 'chromiumFromEnv' | 'missingModules'>,
): string[] {
  const packages: string[] = [];
  if (!probes.chromiumFound && !probes.chromiumFromEnv) packages.push('chromium');
  for (const { module, debian } of pythonModules)
    if (probes.missingModules.includes(module)) packages.push(debian);
  return packages;
}

/** The apt-get invocations, as argv arrays (no shell), prefixed with sudo when not root. */
export function installCommands(packages: readonly string[], sudo: boolean): string[][] {
  const prefix = sudo ? ['sudo', '-n'] : [];
  return [
    [...prefix, 'apt-get', 'update', '-qq'],
    [...prefix, 'apt-get', 'install', '-y', '-qq', ...packages],
  ];
}

/** The command a person can paste: always with sudo, which also works for root on most machines. */
export function manualCommand(packages: readonly string[]): string {
  return `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
}

export function plan(probes: Probes): Plan {
  // CHROMIUM_PATH names a browser that is not there: only the person who set it can fix that.
  if (probes.chromiumFromEnv && !probes.chromiumFound) {
    const packages = missingPackages(probes);
    const more = packages.length ? `\nThe Flask tests also need: ${manualCommand(packages)}` : '';
    return {
      action: 'stop',
      packages,
      message: `npm test: CHROMIUM_PATH is set to ${probes.chromiumPath}, which is not an executable file. Point it at a Chromium binary, or unset it to use Debian's ${DEFAULT_CHROMIUM}.${more}`,
    };
  }
  const packages = missingPackages(probes);
  if (!packages.length) return { action: 'ready' };
  const why = describeMissing(probes);
  if (!probes.aptGet) {
    return {
      action: 'stop',
      packages,
      message: `npm test needs ${why}, and this machine has no apt-get. On Debian or Ubuntu the packages are: ${packages.join(' ')}. Install the equivalents, then run npm test again.`,
    };
  }
  if (probes.root || probes.passwordlessSudo) {
    const sudo = !probes.root;
    return { action: 'install', packages, sudo, commands: installCommands(packages, sudo) };
  }
  return {
    action: 'stop',
    packages,
    message: `npm test needs ${why}. It installs them itself when it runs as root or with passwordless sudo; here it can do neither. Run:\n\n  ${manualCommand(packages)}\n\nthen npm test again.`,
  };
}

function describeMissing(
  probes: Pick<Probes, 'chromiumFound' | 'chromiumFromEnv' | 'missingModules'>,
): string {
  const parts: string[] = [];
  if (!probes.chromiumFound && !probes.chromiumFromEnv)
    parts.push(`Chromium (${DEFAULT_CHROMIUM}) for the browser tests`);
  if (probes.missingModules.length)
    parts.push(
      `Python modules for the Flask tests that ${SYSTEM_PYTHON} cannot import (${probes.missingModules.join(', ')})`,
    );
  return parts.join(' and ');
}

/**
 * The Python program that reports which modules cannot be imported, one name per line. A real
 * import, not a lookup, so a half-installed package counts as missing too.
 */
export const importProbe = [
  'import sys',
  'for name in sys.argv[1:]:',
  '    try:',
  '        __import__(name)',
  '    except Exception:',
  '        print(name)',
].join('\n');

/** Reads the probe's output: the module names it printed, ignoring anything it does not know. */
export function parseMissing(stdout: string): PythonModule[] {
  const known = new Set<string>(pythonModules.map((m) => m.module));
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line): line is PythonModule => known.has(line));
}
