/**
 * Loads a lab's manifest and sources on "Start lab". Vite turns each glob below into lazy chunks,
 * one per file, so a lesson page downloads nothing of them until the lab starts, and then only
 * the files of its own lab.
 */
import type { Files } from '../runtime';

export interface LabManifest {
  title: string;
  goal: string;
  store: 'cookie' | 'server';
  editable: string[];
  readonly: string[];
  checks: string[];
  /** Checks the server handles in this lab (shown as such, not as the learner's work). */
  provided?: string[];
  /** The routes the learner writes; default: those of the editable files. */
  learnerRoutes?: string[];
}

export interface LabSources {
  lessonId: string;
  manifest: LabManifest;
  starter: Files;
  solution: Files;
  /** Read-only server sources by path relative to sandbox-server/src. */
  readonly: Files;
}

type Loader<T> = () => Promise<T>;

const manifests = import.meta.glob<LabManifest>('/lessons/*/lab/lab.json', { import: 'default' });
const labFiles = import.meta.glob<string>(['/lessons/*/lab/starter/**/*', '/lessons/*/lab/solution/**/*'], {
  query: '?raw',
  import: 'default',
});
const serverFiles = import.meta.glob<string>(['/sandbox-server/src/**/*.ts', '!/sandbox-server/src/**/*.test.ts'], {
  query: '?raw',
  import: 'default',
});

function need<T>(loaders: Record<string, Loader<T>>, key: string, what: string): Promise<T> {
  const load = loaders[key];
  if (!load) return Promise.reject(new Error(`${what} is missing: expected ${key.slice(1)}`));
  return load();
}

export function isManifest(value: unknown): value is LabManifest {
  const m = value as Partial<LabManifest> | null;
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  return (
    !!m &&
    typeof m.title === 'string' &&
    (m.store === 'cookie' || m.store === 'server') &&
    strings(m.editable) &&
    (m.editable?.length ?? 0) > 0 &&
    strings(m.checks) &&
    (m.readonly === undefined || strings(m.readonly))
  );
}

/** `given` is the manifest inlined by <Lab/> (data-lab), used when present. */
export async function loadLabSources(lessonId: string, given?: unknown): Promise<LabSources> {
  const root = `/lessons/${lessonId}/lab`;
  const raw = given ?? (await need(manifests, `${root}/lab.json`, `The lab manifest of lesson "${lessonId}"`));
  if (!isManifest(raw)) throw new Error(`lessons/${lessonId}/lab/lab.json is not a valid lab manifest (title, store, editable, checks)`);
  const manifest: LabManifest = { ...raw, goal: raw.goal ?? '', readonly: raw.readonly ?? [] };
  const read = async (kind: 'starter' | 'solution'): Promise<Files> =>
    Object.fromEntries(
      await Promise.all(manifest.editable.map(async (path) => [path, await need(labFiles, `${root}/${kind}/${path}`, `The ${kind} of ${path}`)] as const)),
    );
  const [starter, solution, readonly] = await Promise.all([
    read('starter'),
    read('solution'),
    Promise.all(
      manifest.readonly.map(async (path) => [path, await need(serverFiles, `/sandbox-server/src/${path}`, `Read-only file ${path}`)] as const),
    ).then((entries) => Object.fromEntries(entries) as Files),
  ]);
  return { lessonId, manifest, starter, solution, readonly };
}
