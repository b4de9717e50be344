// @ts-check
import { existsSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { lessonContract } from './src/content/lesson-contract/index.ts';
import { devFeedback } from './src/content/dev-feedback/index.ts';
import { authorTodos } from './src/content/author-todos/index.ts';
import { labProof } from './src/content/lab-proof/index.ts';
import { labAssets } from './src/lab/integration/index.ts';
import { deployArtifacts } from './src/server/artifacts/index.ts';
import { baseHeaders } from './src/server/headers/index.ts';
import { headInjectDirective } from './src/content/head-inject-directive/index.ts';

/**
 * Cross-origin isolation: WebContainers need SharedArrayBuffer, which browsers only expose to
 * cross-origin isolated pages. Every server that serves the site (dev, preview, production and
 * static hosts) must send COOP/COEP. The headers live in src/server/headers (the one source of
 * truth): dev and preview send the base set; `npm start` and `dist/_headers` add the CSP.
 */
export const isolationHeaders = baseHeaders;

/**
 * Two GitHub token colours miss WCAG AA contrast (4.5:1) on their theme's background: light
 * orange #E36209 (3.5:1) and dark comments #6A737D (3.1:1). Swap them for close, readable shades.
 */
/** @type {Record<string, Record<string, string>>} */
const readableTokenColours = {
  light: { '#E36209': '#B35000' },
  dark: { '#6A737D': '#959DA5' },
};
/** @type {import('shiki').ShikiTransformer} */
const readableTokens = {
  name: 'readable-tokens',
  span(node) {
    const style = node.properties['style'];
    if (typeof style !== 'string') return;
    node.properties['style'] = style.replace(
      /--shiki-(light|dark):(#[0-9a-fA-F]{6})/g,
      (match, theme, colour) => {
        const swap = readableTokenColours[theme]?.[colour.toUpperCase()];
        return swap ? `--shiki-${theme}:${swap}` : match;
      },
    );
  },
};

/**
 * The Worker lab's preview renders responses in a srcdoc iframe, which inherits the page CSP; the
 * bridge script it injects is allowed by hash. Until the lab ships that module there is nothing to allow.
 */
const previewBridge = new URL('./src/lab/ui/preview-bridge.ts', import.meta.url);
const labPreviewScripts = existsSync(previewBridge)
  ? [(await import(/* @vite-ignore */ previewBridge.href)).PREVIEW_BRIDGE_SCRIPT]
  : [];

export default defineConfig({
  site: 'https://logout-lab.example',
  trailingSlash: 'ignore',
  // The lesson contract (typed sections, valid Prediction/Myth props, unique ids) is checked
  // while MDX compiles, so a broken lesson fails `astro dev` and `astro build` with its file and line.
  integrations: [
    mdx({ processor: satteri({ mdastPlugins: [lessonContract()] }) }),
    // The build refuses what cannot work: a scaffold's TODO(author) left in a lesson (a warning in
    // dev), and a lab that does not prove itself (`npm run lab -- verify`; in dev, the lab being edited).
    authorTodos(),
    labProof(),
    // The lab's WebContainer tree: dist/lab/webcontainer-tree.json (before the artifacts, so it is precompressed too).
    labAssets(),
    // After the build: dist/_headers (CSP with inline-script hashes) and .br/.gz variants.
    deployArtifacts({ runtimeScripts: () => labPreviewScripts }),
    // `astro dev`: edits to lessons/*/lab/ reload the page; a frontmatter error shows in the page, not only the terminal.
    devFeedback(),
  ],
  server: { headers: isolationHeaders },
  vite: {
    // Drops a directive Astro leaves in each rendered entry's module; it made one Rolldown warning per page (see the plugin).
    plugins: [headInjectDirective()],
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  },
  markdown: {
    shikiConfig: {
      // Both themes become CSS variables (--shiki-light / --shiki-dark); global.css picks one
      // with light-dark(), so code follows the page theme with no JavaScript.
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
      transformers: [readableTokens],
    },
  },
});
