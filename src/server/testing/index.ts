/**
 * Test support: a small built site on disk, shaped like Astro's output (pages, hashed assets, an
 * inline theme script, a lab Worker, a 404 page), run through the real post-build step. A secret
 * file sits beside it: no request may ever return its content.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { STORAGE_KEYS } from '../../storage-keys/index.ts';
import { prepareDist, type PrepareOptions } from '../artifacts/index.ts';

export const themeScript = `(function(){try{const s=localStorage.getItem(${JSON.stringify(STORAGE_KEYS.theme)});if(s)document.documentElement.dataset.theme=s}catch{}})();`;
export const secret = 'TOP-SECRET-OUTSIDE-DIST-4b1d';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<link rel="stylesheet" href="/_astro/site.Ab12Cd34.css"><script>${themeScript}</script>` +
  `<script type="application/ld+json">{"@type":"Course"}</script></head><body><main>${body}</main>` +
  `<script type="module" src="/_astro/page.Ef56Gh78.js"></script></body></html>`;

/** Files of the fixture site, relative to dist/. */
export function fixtureFiles(): Record<string, string | Uint8Array> {
  const filler = Array.from(
    { length: 200 },
    (_, i) => `<p>Paragraph ${i} about logging out securely.</p>`,
  ).join('\n');
  return {
    'index.html': page('Logout Lab', `<h1>Logout Lab</h1>${filler}`),
    'lessons/01-sessions/index.html': page('Sessions', `<h1>Sessions</h1>${filler}`),
    'reference/glossary/index.html': page('Glossary', `<h1>Glossary</h1>`),
    '404.html': page('Not found', '<h1>Page not found</h1>'),
    'favicon.svg': `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32"/></svg>`,
    '_astro/site.Ab12Cd34.css': Array.from({ length: 120 }, (_, i) => `.c${i}{color:red;margin:${i}px}`).join(
      '\n',
    ),
    '_astro/page.Ef56Gh78.js': `const w=new Worker(new URL("/_astro/lab-worker-Ij90Kl12.js",import.meta.url),{type:"module"});export{w};\n${'// padding\n'.repeat(40)}`,
    '_astro/lab-worker-Ij90Kl12.js': `import"./chunk.Mn34Op56.js";self.onmessage=e=>postMessage(new Function("return 1")());\n${'// padding\n'.repeat(40)}`,
    '_astro/chunk.Mn34Op56.js': `export const x=1;\n${'// padding\n'.repeat(40)}`,
    '_astro/large.Qr78St90.bin': new Uint8Array(256 * 1024).map((_, i) => (i * 31) % 251),
  };
}

export interface Fixture {
  /** The prepared dist/ folder. */
  root: string;
  /** The folder holding dist/ and `secret.txt`. */
  parent: string;
  cleanup(): Promise<void>;
}

export async function makeFixtureDist(
  files = fixtureFiles(),
  options: PrepareOptions = {},
): Promise<Fixture> {
  const parent = await mkdtemp(join(tmpdir(), 'site-server-'));
  const root = join(parent, 'dist');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  await writeFile(join(parent, 'secret.txt'), secret);
  await writeFile(join(parent, 'package.json'), `{"secret":"${secret}"}`);
  await prepareDist(root, () => {}, options);
  return { root, parent, cleanup: () => rm(parent, { recursive: true, force: true }) };
}
