/**
 * The whole lab check at build time: `lab.json` against the lab schema (unknown checks, editable
 * files the server does not compose, mistakes naming checks the lab does not run) and the lab
 * folder against the manifest (a starter and a solution for every editable file, a folder per
 * mistake, read-only files that exist, no hint quoting the solution). Synchronous and cheap, so
 * the content config runs it on every `astro build`/`astro dev` sync and the lesson page runs it
 * again on every dev render, which is what makes a broken lab.json fail the build and show in the
 * dev overlay.
 *
 * It reuses the lab tooling's own validator (sandbox-server/labs/manifest), so the build, `npm run
 * lab -- verify` and the browser word every problem the same way. Whether the solution really
 * passes is `npm run lab -- verify`'s job (it runs the checks; too slow for every page render).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  LabManifestError,
  checkHints,
  checkLabFiles,
  checkReadonlyFiles,
  parseLabManifestText,
  type LabFileIndex,
  type LabIssue,
  type LabManifest,
} from '../../../sandbox-server/labs/manifest';

/** One lab problem report: the message names lab.json, each field and its fix. */
export interface LabProblem {
  /** Absolute path of lab.json, for editors and Astro's error overlay. */
  file: string;
  message: string;
}

const posix = (path: string) => path.split(sep).join('/');

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(dir, path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/**
 * Checks `lessons/<lessonId>/lab/`. Returns `{ manifest }` when the lab is valid, `{ problem }`
 * when it is not, and `{}` when the lesson has no lab folder.
 */
export function checkLabFolder(
  lessonId: string,
  root = process.cwd(),
): { manifest?: LabManifest; problem?: LabProblem } {
  const labDir = join(root, 'lessons', lessonId, 'lab');
  if (!existsSync(labDir) || !statSync(labDir).isDirectory()) return {};
  const shown = posix(relative(root, labDir));
  const file = join(labDir, 'lab.json');
  const shownFile = `${shown}/lab.json`;
  if (!existsSync(file)) {
    return {
      problem: {
        file,
        message: `Missing lab manifest ${shownFile}: the folder ${shown}/ exists but has no lab.json. Fix: create ${shownFile} (see "Labs" in lessons/README.md) or delete the folder`,
      },
    };
  }
  try {
    const manifest = parseLabManifestText(readFileSync(file, 'utf8'), shownFile);
    const mistakesDir = join(labDir, 'mistakes');
    const index: LabFileIndex = {
      starter: listFiles(join(labDir, 'starter')),
      solution: listFiles(join(labDir, 'solution')),
      mistakes: Object.fromEntries(
        (existsSync(mistakesDir) ? readdirSync(mistakesDir, { withFileTypes: true }) : [])
          .filter((entry) => entry.isDirectory())
          .map((entry) => [entry.name, listFiles(join(mistakesDir, entry.name))]),
      ),
    };
    const issues: LabIssue[] = checkLabFiles(manifest, index, shown);
    issues.push(
      ...checkReadonlyFiles(manifest, (path) => existsSync(join(root, 'sandbox-server', 'src', path))),
    );
    if (issues.length === 0 && manifest.hints) {
      // Every editable file has a starter and a solution now (checked above), so they can be read.
      const read = (kind: 'starter' | 'solution') =>
        Object.fromEntries(
          manifest.editable.map((path) => [path, readFileSync(join(labDir, kind, path), 'utf8')]),
        );
      issues.push(...checkHints(manifest, read('solution'), read('starter')));
    }
    if (issues.length > 0) throw new LabManifestError(shownFile, issues);
    return { manifest };
  } catch (error) {
    if (error instanceof LabManifestError) return { problem: { file, message: error.message } };
    throw error;
  }
}

/** Every lab problem of these lessons, one message each (for the content config's cross-entry check). */
export function checkLabs(lessonIds: readonly string[], root = process.cwd()): string[] {
  return lessonIds.flatMap((id) => {
    const { problem } = checkLabFolder(id, root);
    return problem ? [problem.message] : [];
  });
}
