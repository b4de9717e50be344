// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

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
  integrations: [mdx()],
  server: { headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  },
  markdown: {
    shikiConfig: {
      themes: { light: 'github-light', dark: 'github-dark' },
    },
  },
});
