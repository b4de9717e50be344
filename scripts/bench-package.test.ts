/**
 * The measurement tools are a package of their own (bench/): `npm install` at the root must not
 * need them, and a bench must not lean on a root package it does not declare. These checks read
 * the manifests and the bench sources, so they hold without bench/node_modules installed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
type Manifest = {
  private?: boolean;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const read = <T>(path: string): T => JSON.parse(readFileSync(join(repo, path), 'utf8')) as T;
const root = read<Manifest>('package.json');
const bench = read<Manifest>('bench/package.json');
const benchLock = read<{ packages: Record<string, { dependencies?: Record<string, string> }> }>(
  'bench/package-lock.json',
);
const benchDeps = Object.keys(bench.dependencies ?? {});
const benchFiles = readdirSync(join(repo, 'bench')).filter((name) => name.endsWith('.mjs'));

/** The packages a bench module imports, itself or through the bench's own modules (./lib.mjs). */
function packagesImportedBy(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const code = readFileSync(join(repo, 'bench', file), 'utf8');
  const specifiers = [...code.matchAll(/^import\s[^'"]*?['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
  return specifiers.flatMap((s) => {
    if (s.startsWith('./')) return packagesImportedBy(s.slice(2), seen);
    if (s.startsWith('node:') || builtinModules.includes(s)) return [];
    return [s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s)];
  });
}

describe('the bench package', () => {
  it('is private and its lockfile is in step with its dependencies', () => {
    expect(bench.private).toBe(true);
    expect(benchDeps.length).toBeGreaterThan(0);
    expect(benchLock.packages['']?.dependencies).toEqual(bench.dependencies);
  });

  it('holds the tools the root no longer installs', () => {
    const rootDeps = { ...root.dependencies, ...root.devDependencies };
    for (const name of [...benchDeps, 'axe-core', 'codemirror'])
      expect(rootDeps, name).not.toHaveProperty(name);
  });

  it('declares every package a bench imports', () => {
    expect(benchFiles.length).toBeGreaterThan(0);
    for (const file of benchFiles) {
      for (const name of packagesImportedBy(file))
        expect(benchDeps, `bench/${file} imports ${name}`).toContain(name);
    }
  });

  it('is installed first by every root script that runs a bench needing it', () => {
    const benchScripts = Object.entries(root.scripts ?? {}).filter(([, command]) =>
      /\bnode bench\//.test(command),
    );
    expect(benchScripts.map(([name]) => name).sort()).toEqual(
      ['bench:build', 'bench:lab', 'bench:load', 'bench:weight', 'lighthouse'].sort(),
    );
    for (const [name, command] of benchScripts) {
      const file = /node bench\/([\w.-]+\.mjs)/.exec(command)?.[1] ?? '';
      expect(benchFiles, name).toContain(file);
      const needsDeps = packagesImportedBy(file).length > 0;
      expect(command.startsWith('npm run bench:install && '), `${name}: ${command}`).toBe(needsDeps);
    }
    expect(root.scripts?.['bench:install']).toContain('npm --prefix bench ci');
  });
});
