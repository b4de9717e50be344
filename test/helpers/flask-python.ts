/**
 * Finds a Python that has the Flask stack the course teaches (Flask, Flask-Login, Flask-WTF and
 * PyJWT), and runs small scripts with it. Tests that pin what Flask really does use this instead of
 * trusting a description of it.
 *
 * Debian's packages are the supported source (PyPI may be unreachable), so the default is
 * `/usr/bin/python3`: the `python3` first on PATH is often another install without them. Set
 * `FLASK_PYTHON` to use another interpreter. When nothing usable is found, the error names the
 * interpreter, what it lacked and the exact command that installs the packages: a test that needs
 * Flask fails with that message rather than skipping.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

export const FLASK_APT_INSTALL =
  'apt-get install -y python3-flask python3-flask-login python3-flaskext.wtf python3-jwt';

/** The distribution names `importlib.metadata` knows them by, with the module each provides. */
const PACKAGES = {
  Flask: 'flask',
  'Flask-Login': 'flask_login',
  'Flask-WTF': 'flask_wtf',
  PyJWT: 'jwt',
} as const;

export type FlaskVersions = Record<keyof typeof PACKAGES, string>;

export interface FlaskPython {
  /** The interpreter to run scripts with. */
  python: string;
  versions: FlaskVersions;
}

const PROBE = `
import importlib, importlib.metadata, json, sys
packages = ${JSON.stringify(PACKAGES)}
missing = []
for module in packages.values():
    try:
        importlib.import_module(module)
    except Exception:
        missing.append(module)
if missing:
    print(json.dumps({"missing": missing}))
    sys.exit(0)
print(json.dumps({"versions": {name: importlib.metadata.version(name) for name in packages}}))
`;

let found: FlaskPython | Error | undefined;

/** The interpreter and the package versions it has; throws a message that says how to fix it. */
export function flaskPython(): FlaskPython {
  found ??= probe(process.env.FLASK_PYTHON || '/usr/bin/python3');
  if (found instanceof Error) throw found;
  return found;
}

function probe(python: string): FlaskPython | Error {
  const fix = `Install Debian's packages (as root: ${FLASK_APT_INSTALL}), or set FLASK_PYTHON to a python3 that has Flask, Flask-Login, Flask-WTF and PyJWT.`;
  let output: string;
  try {
    output = execFileSync(python, ['-c', PROBE], {
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    return new Error(`Cannot run ${python} (${(error as Error).message.split('\n')[0]}). ${fix}`);
  }
  const result = JSON.parse(output) as { missing?: string[]; versions?: FlaskVersions };
  if (result.missing)
    return new Error(`${python} lacks the Python modules ${result.missing.join(', ')}. ${fix}`);
  return { python, versions: result.versions as FlaskVersions };
}

const run = promisify(execFile);

/**
 * Runs a script that prints one JSON document on stdout and returns it parsed. Anything the script
 * writes to stderr is kept in the error when it fails or prints something that is not JSON.
 */
export async function runFlaskScript<T = unknown>(script: string, args: string[] = []): Promise<T> {
  const { python } = flaskPython();
  const { stdout, stderr } = await run(python, [script, ...args], {
    timeout: 30_000,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONWARNINGS: 'ignore::DeprecationWarning' },
  }).catch((error: Error & { stderr?: string }) => {
    throw new Error(`${python} ${script} failed: ${error.message}\n${error.stderr ?? ''}`);
  });
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`${python} ${script} did not print JSON.\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
}
