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
  /**
   * Read-only server sources by path relative to sandbox-server/src, each loaded when first asked
   * for (its editor tab opens): a learner who never opens them never downloads them (~8 KB gzip in lab 5).
   */
  readonly: Record<string, () => Promise<string>>;
}

type Loader<T> = () => Promise<T>;

/** Each lab's starter and solution files, one chunk per lab (./plugin.ts builds them from the lab folder). */
const labFiles = import.meta.glob<{ starter: Files; solution: Files }>('/lessons/*/lab/lab.json', {
  query: '?lab-sources',
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
  const lab = await need(labFiles, `/lessons/${lessonId}/lab/lab.json`, `The lab of ${lessonId}`);
  const read = (kind: 'starter' | 'solution'): Files => {
    const missing = manifest.editable.find((path) => lab[kind][path] === undefined);
    if (missing !== undefined)
      throw new Error(
        `The ${kind} of ${missing} is missing: expected lessons/${lessonId}/lab/${kind}/${missing}`,
      );
    return lab[kind];
  };
  // A missing read-only file is a broken build: say so now, not when its tab opens.
  const readonly = Object.fromEntries(
    manifest.readonly.map((path) => {
      const key = `/sandbox-server/src/${path}`;
      if (!serverFiles[key]) throw new Error(`Read-only file ${path} is missing: expected ${key.slice(1)}`);
      let loaded: Promise<string> | undefined;
      return [path, () => (loaded ??= need(serverFiles, key, `Read-only file ${path}`))] as const;
    }),
  );
  const starter = read('starter');
  const solution = read('solution');
  return { lessonId, manifest, starter, solution, readonly };
}
