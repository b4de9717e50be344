/**
 * Reads a lesson's `lab/lab.json` at build time for the lesson page and its <Lab/>, after the full lab
 * check (../lab-check: schema, unknown checks and leaves, missing starter/solution/mistake files),
 * so a broken lab fails `astro build` and shows in the `astro dev` overlay with the lab tooling's
 * own message.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContentError } from '../friendly-errors';
import type { LabManifest } from '../../../sandbox-server/labs/manifest';
import { checkLabFolder } from '../lab-check';

export interface LabSummary {
  title: string;
  goal: string;
  /** The manifest as the schema parsed it (defaults included), handed to the lab island through data-lab. */
  manifest: LabManifest;
}

/** `undefined` when the lesson has no lab yet (no `lab/lab.json`). */
export function readLabSummary(lessonId: string, root = process.cwd()): LabSummary | undefined {
  const path = join(root, 'lessons', lessonId, 'lab', 'lab.json');
  if (!existsSync(path)) return undefined;
  const { manifest, problem } = checkLabFolder(lessonId, root);
  if (problem || !manifest) {
    const error = new ContentError(problem?.message ?? `Invalid lab manifest in ${path}`, { file: path });
    // The message is the whole story: without this, `astro dev` logs the stack of this helper under it.
    error.stack = `${error.name}: ${error.message}`;
    throw error;
  }
  return { title: manifest.title, goal: manifest.goal, manifest };
}
