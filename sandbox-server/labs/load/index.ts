/**
 * Node side of the lab tooling: finds labs under `lessons/`, reads a lab (manifest + files) from
 * disk into the in-memory `Lab` that the pure verify code works on, and reads a learner's folder.
 * Every problem is thrown as an error whose message names the file and the fix.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LabManifestError,
  checkHints,
  checkLabFiles,
  checkReadonlyFiles,
  parseLabManifestText,
  type LabFileIndex,
} from '../manifest';
import type { Lab, LabFiles } from '../verify';

/** `lessons/` at the repository root. */
export const LESSONS_DIR = fileURLToPath(new URL('../../../lessons/', import.meta.url));
/** `sandbox-server/src/`, where read-only paths point. */
export const SERVER_SRC_DIR = fileURLToPath(new URL('../../src/', import.meta.url));

/** Bad input from a person (unknown lesson, missing file): the CLI exits 2 with this message. */
export class LabInputError extends Error {
  override name = 'LabInputError';
}

/** Lesson folders that hold a lab (`NN-slug/lab/lab.json`), sorted. */
export async function listLabs(lessonsDir = LESSONS_DIR): Promise<string[]> {
  const entries = await readdir(lessonsDir, { withFileTypes: true });
  return entries
    .filter(
      (entry) =>
        entry.isDirectory() &&
        /^\d{2}-/.test(entry.name) &&
        existsSync(join(lessonsDir, entry.name, 'lab', 'lab.json')),
    )
    .map((entry) => entry.name)
    .sort();
}

/** Accepts `3`, `03`, `03-basic-logout-route`, `basic-logout-route` or `lessons/03-…`; returns the folder name. */
export async function resolveLesson(arg: string, lessonsDir = LESSONS_DIR): Promise<string> {
  const labs = await listLabs(lessonsDir);
  const wanted = arg
    .trim()
    .replace(/\/+$/, '')
    .replace(/^(\.\/)?lessons\//, '')
    .replace(/\/lab$/, '');
  const number = /^\d{1,2}$/.test(wanted) ? wanted.padStart(2, '0') : undefined;
  const found = labs.find(
    (slug) =>
      slug === wanted || (number !== undefined && slug.startsWith(`${number}-`)) || slug.slice(3) === wanted,
  );
  if (found !== undefined) return found;
  const all = (await readdir(lessonsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const withoutLab = all.find(
    (slug) =>
      slug === wanted || (number !== undefined && slug.startsWith(`${number}-`)) || slug.slice(3) === wanted,
  );
  if (withoutLab !== undefined) {
    throw new LabInputError(
      `Lesson ${withoutLab} has no lab: create ${displayPath(lessonsDir, join(withoutLab, 'lab', 'lab.json'))} to add one.`,
    );
  }
  throw new LabInputError(
    `Unknown lesson "${arg}": use a lesson number (${labs.map((s) => Number(s.slice(0, 2))).join(', ')}) or a slug (${labs.join(', ')}).`,
  );
}

/** Loads and validates one lab; throws `LabManifestError` listing every problem in the folder. */
export async function loadLab(slug: string, lessonsDir = LESSONS_DIR): Promise<Lab> {
  const labDir = join(lessonsDir, slug, 'lab');
  const shown = displayPath(lessonsDir, join(slug, 'lab'));
  const manifestFile = `${shown}/lab.json`;
  const manifest = parseLabManifestText(await readFile(join(labDir, 'lab.json'), 'utf8'), manifestFile);

  const index: LabFileIndex = {
    starter: await listFiles(join(labDir, 'starter')),
    solution: await listFiles(join(labDir, 'solution')),
    mistakes: {},
  };
  const mistakesDir = join(labDir, 'mistakes');
  if (existsSync(mistakesDir)) {
    for (const entry of await readdir(mistakesDir, { withFileTypes: true })) {
      if (entry.isDirectory())
        (index.mistakes as Record<string, string[]>)[entry.name] = await listFiles(
          join(mistakesDir, entry.name),
        );
    }
  }
  const issues = checkLabFiles(manifest, index, shown);
  issues.push(...checkReadonlyFiles(manifest, (path) => existsSync(join(SERVER_SRC_DIR, path))));
  if (issues.length > 0) throw new LabManifestError(manifestFile, issues);

  const read = async (folder: string, paths: readonly string[]): Promise<LabFiles> =>
    Object.fromEntries(
      await Promise.all(
        paths.map(async (path) => [path, await readFile(join(folder, path), 'utf8')] as const),
      ),
    );
  const mistakes: Record<string, LabFiles> = {};
  for (const mistake of manifest.mistakes) {
    mistakes[mistake.name] = await read(join(mistakesDir, mistake.name), index.mistakes[mistake.name] ?? []);
  }
  const starter = await read(join(labDir, 'starter'), index.starter);
  const solution = await read(join(labDir, 'solution'), index.solution);
  const quoting = checkHints(manifest, solution, starter);
  if (quoting.length > 0) throw new LabManifestError(manifestFile, quoting);
  return { slug, dir: shown, manifest, starter, solution, mistakes };
}

/**
 * Reads a learner's folder: for each editable path, `<dir>/<path>` or, failing that, a file with
 * the same name directly in `<dir>`. Returns the sources and where each came from on disk.
 */
export async function readLearnerDir(
  dir: string,
  lab: Lab,
): Promise<{ files: LabFiles; origins: Record<string, string> }> {
  const root = resolve(dir);
  if (!existsSync(root) || !(await stat(root)).isDirectory()) {
    throw new LabInputError(
      `The folder ${dir} does not exist: pass --dir with the folder holding your ${lab.manifest.editable.join(', ')}.`,
    );
  }
  const files: LabFiles = {};
  const origins: Record<string, string> = {};
  for (const path of lab.manifest.editable) {
    const candidates = [join(root, path), join(root, basename(path))];
    const found = candidates.find((candidate) => existsSync(candidate));
    if (found === undefined) {
      throw new LabInputError(
        `Missing file: ${join(dir, path)}. Lesson ${lab.slug} grades ${lab.manifest.editable.join(', ')}; put your ${path} in ${dir} (as ${path} or ${basename(path)}).`,
      );
    }
    files[path] = await readFile(found, 'utf8');
    origins[path] = relative(process.cwd(), found) || found;
  }
  return { files, origins };
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(root, path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** `lessons/03-…/lab` relative to the folder that holds `lessons/`, with forward slashes. */
function displayPath(lessonsDir: string, inside: string): string {
  return relative(dirname(resolve(lessonsDir)), join(lessonsDir, inside))
    .split(sep)
    .join('/');
}
