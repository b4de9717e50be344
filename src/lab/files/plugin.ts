/**
 * Build time (Node): `lessons/<lesson>/lab/lab.json?lab-sources` becomes one module holding that
 * lab's starter and solution files, so "Start lab" fetches one small chunk for its own lab instead
 * of one chunk per file out of a map of every lab's files (the map alone was ~1.9 KB gzip of the
 * lab bundle). ./index.ts globs these; the Astro integration and vitest.config.ts register it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

export const LAB_SOURCES_QUERY = '?lab-sources';

/** Every file under `dir`, by its path relative to `dir` with forward slashes. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path).split(sep).join('/')] = readFileSync(path, 'utf8');
  }
  return out;
}

/** A virtual id, not the .json one: Vite's JSON plugin would parse this module's code as JSON. */
const PREFIX = '\0lab-sources:';

export function labSourcesPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'logout-lab:lab-sources',
    enforce: 'pre',
    configResolved(config) {
      root = config.root;
    },
    resolveId(source, importer) {
      if (!source.endsWith(`/lab.json${LAB_SOURCES_QUERY}`)) return undefined;
      const file = source.slice(0, -LAB_SOURCES_QUERY.length);
      // Root-relative as the glob writes it (/lessons/…), or relative to the importer.
      const absolute =
        file.startsWith('/') && !file.startsWith(root)
          ? join(root, file)
          : importer && !file.startsWith('/')
            ? join(dirname(importer), file)
            : file;
      return `${PREFIX}${dirname(absolute)}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const labDir = id.slice(PREFIX.length);
      const manifest = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8')) as { editable?: string[] };
      const editable = manifest.editable ?? [];
      const pick = (kind: 'starter' | 'solution'): Record<string, string> => {
        const all = filesUnder(join(labDir, kind));
        for (const path of Object.keys(all)) this.addWatchFile(join(labDir, kind, path));
        return Object.fromEntries(
          editable.filter((path) => path in all).map((path) => [path, all[path] ?? '']),
        );
      };
      this.addWatchFile(join(labDir, 'lab.json'));
      return `export default ${JSON.stringify({ starter: pick('starter'), solution: pick('solution') })};`;
    },
  };
}
