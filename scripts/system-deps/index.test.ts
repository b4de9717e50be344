import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SYSTEM_PYTHON,
  importProbe,
  installCommands,
  manualCommand,
  parseMissing,
  plan,
  pythonModules,
  type Probes,
} from './index';

const allModules = pythonModules.map((m) => m.module);
const flaskPackages = ['python3-flask', 'python3-flask-login', 'python3-flaskext.wtf', 'python3-jwt'];

/** A fresh Debian machine: nothing installed, not root, no sudo, apt-get present. */
const fresh: Probes = {
  chromiumPath: '/usr/bin/chromium',
  chromiumFromEnv: false,
  chromiumFound: false,
  missingModules: allModules,
  root: false,
  passwordlessSudo: false,
  aptGet: true,
};
const complete: Probes = { ...fresh, chromiumFound: true, missingModules: [] };

describe('pretest: system packages for npm test', () => {
  it('does nothing when Chromium and the Flask modules are present, whoever runs it', () => {
    expect(plan(complete)).toEqual({ action: 'ready' });
    expect(plan({ ...complete, root: true })).toEqual({ action: 'ready' });
    expect(plan({ ...complete, aptGet: false })).toEqual({ action: 'ready' });
  });

  it('as root installs every missing package with apt-get, without sudo', () => {
    const decision = plan({ ...fresh, root: true });
    expect(decision).toEqual({
      action: 'install',
      packages: ['chromium', ...flaskPackages],
      sudo: false,
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', 'chromium', ...flaskPackages],
      ],
    });
  });

  it('with passwordless sudo installs through `sudo -n`, which can never stop to ask for a password', () => {
    const decision = plan({ ...fresh, passwordlessSudo: true, chromiumFound: true, missingModules: ['jwt'] });
    expect(decision).toEqual({
      action: 'install',
      packages: ['python3-jwt'],
      sudo: true,
      commands: [
        ['sudo', '-n', 'apt-get', 'update', '-qq'],
        ['sudo', '-n', 'apt-get', 'install', '-y', '-qq', 'python3-jwt'],
      ],
    });
  });

  it('installs only what is missing: Chromium alone, or one Flask module alone', () => {
    expect(plan({ ...complete, chromiumFound: false, root: true })).toMatchObject({
      action: 'install',
      packages: ['chromium'],
    });
    expect(plan({ ...complete, missingModules: ['flask_wtf'], root: true })).toMatchObject({
      action: 'install',
      packages: ['python3-flaskext.wtf'],
    });
    expect(plan({ ...complete, missingModules: ['jwt', 'flask'], root: true })).toMatchObject({
      action: 'install',
      packages: ['python3-flask', 'python3-jwt'],
    });
  });

  it('without root or sudo stops with the exact command to run', () => {
    const decision = plan(fresh);
    expect(decision.action).toBe('stop');
    if (decision.action !== 'stop') return;
    const command = `sudo apt-get update && sudo apt-get install -y chromium ${flaskPackages.join(' ')}`;
    expect(decision.message).toContain(`\n  ${command}\n`);
    expect(decision.message).toContain('Chromium (/usr/bin/chromium) for the browser tests');
    expect(decision.message).toContain('/usr/bin/python3 cannot import (flask, flask_login, flask_wtf, jwt)');
    expect(manualCommand(['python3-jwt'])).toBe('sudo apt-get update && sudo apt-get install -y python3-jwt');
  });

  it('names only the missing part when only Flask is missing', () => {
    const decision = plan({ ...complete, missingModules: ['flask_login'] });
    expect(decision).toMatchObject({ action: 'stop', packages: ['python3-flask-login'] });
    if (decision.action !== 'stop') return;
    expect(decision.message).not.toContain('Chromium');
    expect(decision.message).toContain('sudo apt-get install -y python3-flask-login');
  });

  it('without apt-get names the Debian packages and installs nothing, even as root', () => {
    const decision = plan({ ...fresh, root: true, aptGet: false });
    expect(decision.action).toBe('stop');
    if (decision.action !== 'stop') return;
    expect(decision.message).toContain('no apt-get');
    expect(decision.message).toContain(['chromium', ...flaskPackages].join(' '));
  });

  it('a CHROMIUM_PATH that points at nothing stops, and is not "fixed" by installing Debian Chromium', () => {
    const decision = plan({
      ...complete,
      chromiumPath: '/opt/chrome/chrome',
      chromiumFromEnv: true,
      chromiumFound: false,
      root: true,
    });
    expect(decision.action).toBe('stop');
    if (decision.action !== 'stop') return;
    expect(decision.message).toContain('CHROMIUM_PATH is set to /opt/chrome/chrome');
    expect(decision.packages).toEqual([]);
  });

  it('a working CHROMIUM_PATH counts as the browser; missing Flask is still installed', () => {
    const probes = {
      ...fresh,
      chromiumPath: '/opt/chrome/chrome',
      chromiumFromEnv: true,
      chromiumFound: true,
      root: true,
    };
    expect(plan(probes)).toMatchObject({ action: 'install', packages: flaskPackages });
  });

  it('reads the import probe output, ignoring lines that are not module names', () => {
    expect(parseMissing('flask_wtf\njwt\n')).toEqual(['flask_wtf', 'jwt']);
    expect(parseMissing('')).toEqual([]);
    expect(parseMissing('Traceback (most recent call last):\nos\n  jwt  \n')).toEqual(['jwt']);
    expect(installCommands(['chromium'], false)).toEqual([
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', 'chromium'],
    ]);
  });

  // The probe program itself, run by a real Python: a module that cannot be imported is reported, one that can is not.
  it('the import probe reports exactly the modules Python cannot import', () => {
    expect(
      existsSync(SYSTEM_PYTHON),
      `this test runs the probe with ${SYSTEM_PYTHON} (Debian's python3 package)`,
    ).toBe(true);
    const run = spawnSync(SYSTEM_PYTHON, ['-c', importProbe, 'json', 'no_such_module_logout_lab', 'os'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('no_such_module_logout_lab\n');
  });
});
