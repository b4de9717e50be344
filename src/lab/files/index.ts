/**
 * Loads a lab's manifest and sources on "Start lab". Vite turns each glob below into lazy chunks,
 * one per file, so a lesson page downloads nothing of them until the lab starts, and then only
 * the files of its own lab.
 */
import type { LabManifest } from '../../../sandbox-server/labs/manifest';
import type { Files } from '../runtime';

// One definition: the type is the lab.json schema's output. The schema itself (zod, the check
// catalog, the default routes: about 120 KB gzip) stays out of the browser; the build validates
// every lab.json with it and the page hands the result over (data-lab).
export type { LabManifest };

export interface LabSources {
  lessonId: string;
  manifest: LabManifest;
  starter: Files;
  solution: Files;
  /** Read-only server sources by path relative to sandbox-server/src. */
  readonly: Files;
}

type Loader<T> = () => Promise<T>;

const labFiles = import.meta.glob<string>(['/lessons/*/lab/starter/**/*', '/lessons/*/lab/solution/**/*'], {
  query: '?raw',
  import: 'default',
});
const serverFiles = import.meta.glob<string>(
  ['/sandbox-server/src/**/*.ts', '!/sandbox-server/src/**/*.test.ts'],
  {
    query: '?raw',
    import: 'default',
  },
);

function need<T>(loaders: Record<string, Loader<T>>, key: string, what: string): Promise<T> {
  const load = loaders[key];
  if (!load) return Promise.reject(new Error(`${what} is missing: expected ${key.slice(1)}`));
  return load();
}

/**
 * `manifest` is the one <Lab/> inlines (data-lab): lab.json as the schema parsed it at build time
 * (src/content/lab-manifest), defaults included, so it is not validated again here.
 */
export async function loadLabSources(
  lessonId: string,
  manifest: LabManifest | undefined,
): Promise<LabSources> {
  if (manifest === undefined)
    throw new Error(
      `The page did not hand over the manifest of lessons/${lessonId}/lab/lab.json (data-lab): rebuild the site`,
    );
  const root = `/lessons/${lessonId}/lab`;
  const read = async (kind: 'starter' | 'solution'): Promise<Files> =>
    Object.fromEntries(
      await Promise.all(
        manifest.editable.map(
          async (path) =>
            [path, await need(labFiles, `${root}/${kind}/${path}`, `The ${kind} of ${path}`)] as const,
        ),
      ),
    );
  const [starter, solution, readonly] = await Promise.all([
    read('starter'),
    read('solution'),
    Promise.all(
      manifest.readonly.map(
        async (path) =>
          [path, await need(serverFiles, `/sandbox-server/src/${path}`, `Read-only file ${path}`)] as const,
      ),
    ).then((entries) => Object.fromEntries(entries) as Files),
  ]);
  return { lessonId, manifest, starter, solution, readonly };
}
