// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { lessonContract } from './src/content/lesson-contract/index.ts';

/**
 * Cross-origin isolation: WebContainers need SharedArrayBuffer, which browsers only expose to
 * cross-origin isolated pages. Every server that serves the site (dev, preview, production and
 * static hosts through public/_headers) must send these two headers.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  site: 'https://logout-lab.example',
  trailingSlash: 'ignore',
  // The lesson contract (typed sections, valid Prediction/Myth props, unique ids) is checked
  // while MDX compiles, so a broken lesson fails `astro dev` and `astro build` with its file and line.
  integrations: [mdx({ processor: satteri({ mdastPlugins: [lessonContract()] }) })],
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
