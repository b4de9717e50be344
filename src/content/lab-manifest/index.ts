/**
 * Reads a lesson's `lab/lab.json` at build time for the <Lab/> placeholder. Only the fields the
 * page shows are checked here; the checks helper's validator owns the full lab format.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentError } from '../friendly-errors';

export interface LabSummary {
  title: string;
  goal: string;
  /** The manifest as written, handed to the lab island through data-lab. */
  manifest: Record<string, unknown>;
}

/** `undefined` when the lesson has no lab folder yet. */
export function readLabSummary(lessonId: string, root = process.cwd()): LabSummary | undefined {
  const file = join('lessons', lessonId, 'lab', 'lab.json');
  const path = join(root, file);
  if (!existsSync(path)) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ContentError(`Invalid lab manifest ${file}: it is not valid JSON (${(error as Error).message}). Fix: check commas and quotes`, { file: path });
  }
  const data = (manifest ?? {}) as Record<string, unknown>;
  for (const field of ['title', 'goal'] as const) {
    const value = data[field];
    if (typeof value !== 'string' || !value.trim()) {
      throw new ContentError(`Invalid lab manifest ${file}: **${field}** is missing or empty. Fix: add "${field}": "…"`, { file: path });
    }
  }
  return { title: String(data['title']), goal: String(data['goal']), manifest: data };
}
