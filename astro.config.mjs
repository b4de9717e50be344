// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { lessonContract } from './src/content/lesson-contract/index.ts';
import { deployArtifacts } from './src/server/artifacts/index.ts';
import { baseHeaders } from './src/server/headers/index.ts';

/**
 * Cross-origin isolation: WebContainers need SharedArrayBuffer, which browsers only expose to
 * cross-origin isolated pages. Every server that serves the site (dev, preview, production and
 * static hosts) must send COOP/COEP. The headers live in src/server/headers (the one source of
 * truth): dev and preview send the base set; `npm start` and `dist/_headers` add the CSP.
 */
export const isolationHeaders = baseHeaders;

export default defineConfig({
  site: 'https://logout-lab.example',
  trailingSlash: 'ignore',
  // The lesson contract (typed sections, valid Prediction/Myth props, unique ids) is checked
  // while MDX compiles, so a broken lesson fails `astro dev` and `astro build` with its file and line.
  integrations: [
    mdx({ processor: satteri({ mdastPlugins: [lessonContract()] }) }),
    // After the build: dist/_headers (CSP with inline-script hashes) and .br/.gz variants.
    deployArtifacts(),
  ],
  server: { headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  },
  markdown: {
    shikiConfig: {
      // Both themes become CSS variables (--shiki-light / --shiki-dark); global.css picks one
      // with light-dark(), so code follows the page theme with no JavaScript.
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
    },
  },
});
