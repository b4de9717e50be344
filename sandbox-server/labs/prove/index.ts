/**
 * A lab's self-proof from disk, exactly as `npm run lab -- verify` runs it: load the lab (manifest
 * and files, every problem worded by labs/manifest), then grade the solution, the starter and each
 * mistake in a worker thread (../isolate), so a solution that loops forever cannot hang whoever
 * asked (the CLI, `astro build`, `astro dev`). Node only.
 */
import { join } from 'node:path';
import { IsolatedApp, gradeLabIsolated, type IsolateOptions } from '../isolate';
import { LabManifestError } from '../manifest';
import { LESSONS_DIR, loadLab } from '../load';
import { formatLabReport, verifyLab } from '../verify';

export interface ProveOptions extends Pick<
  IsolateOptions,
  'loadTimeoutMs' | 'stuckMs' | 'passwordIterations'
> {
  /** Folder holding the lesson folders. Default: this repository's `lessons/`. */
  lessonsDir?: string;
  /** Per-check time limit. */
  timeoutMs?: number;
}

export interface LabProof {
  /** Lesson folder name, e.g. `03-basic-logout-route`. */
  slug: string;
  ok: boolean;
  /** `lab verify`'s report: a line per variant, the reasons under each one that fails. */
  report: string;
  /** Absolute path of the lab's `lab.json`, for editors and error overlays. */
  file: string;
}

/** Proves one lab. A lab that cannot be loaded (an invalid manifest, a missing file) is a failed proof whose report says why. */
export async function proveLab(slug: string, options: ProveOptions = {}): Promise<LabProof> {
  const { lessonsDir = LESSONS_DIR, ...grading } = options;
  const file = join(lessonsDir, slug, 'lab', 'lab.json');
  try {
    const lab = await loadLab(slug, lessonsDir);
    // One thread per lab, reloaded for each variant; a variant that gets stuck gets a new one.
    const app = new IsolatedApp(lab, grading);
    const report = await verifyLab(lab, {
      ...grading,
      grade: (_lab, files, rest) => gradeLabIsolated(lab, files, { ...grading, ...rest, app }),
    }).finally(() => app.close());
    return { slug, ok: report.ok, report: formatLabReport(report), file };
  } catch (error) {
    if (!(error instanceof LabManifestError)) throw error;
    return { slug, ok: false, report: `✘ ${slug}\n${error.message.replace(/^/gm, '  ')}`, file };
  }
}
