/**
 * `npm test`'s pretest step: makes sure the system packages the tests need are present, installs
 * the missing ones when it may (root, or passwordless sudo), or stops at once with the command to
 * run. When everything is present it only looks (one file check and one Python start), so it
 * costs a fraction of a second and never calls apt.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import {
  DEFAULT_CHROMIUM,
  SYSTEM_PYTHON,
  importProbe,
  missingPackages,
  parseMissing,
  plan,
  pythonModules,
  type Probes,
  type PythonModule,
} from './index.ts';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function missingModules(): PythonModule[] {
  const all = pythonModules.map((m) => m.module);
  if (!executable(SYSTEM_PYTHON)) return all;
  const run = spawnSync(SYSTEM_PYTHON, ['-c', importProbe, ...all], { encoding: 'utf8', timeout: 30_000 });
  // A Python that cannot even run the probe provides none of them.
  if (run.status !== 0) return all;
  return parseMissing(run.stdout);
}

function probe(): Probes {
  const fromEnv = process.env['CHROMIUM_PATH'];
  const chromiumPath = fromEnv || DEFAULT_CHROMIUM;
  const found = {
    chromiumPath,
    chromiumFromEnv: Boolean(fromEnv),
    chromiumFound: executable(chromiumPath),
    missingModules: missingModules(),
  };
  const root = process.getuid?.() === 0;
  // sudo is asked only when something is missing: `sudo -n` never prompts, it fails instead.
  const needsSudo = !root && missingPackages(found).length > 0;
  const passwordlessSudo =
    needsSudo && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return { ...found, root, passwordlessSudo, aptGet: existsSync('/usr/bin/apt-get') };
}

const decision = plan(probe());
if (decision.action === 'stop') {
  console.error(decision.message);
  process.exit(1);
}
if (decision.action === 'install') {
  console.log(`pretest: installing Debian packages the tests need: ${decision.packages.join(' ')}`);
  for (const [command = '', ...args] of decision.commands) {
    console.log(`pretest: ${[command, ...args].join(' ')}`);
    const run = spawnSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status !== 0) {
      console.error(
        `pretest: \`${[command, ...args].join(' ')}\` failed (${run.error?.message ?? `exit ${run.status}`}). Install the packages by hand, then run npm test again.`,
      );
      process.exit(1);
    }
  }
  const after = plan(probe());
  if (after.action !== 'ready') {
    console.error(`pretest: still missing after apt-get install: ${after.packages.join(' ')}.`);
    process.exit(1);
  }
}
