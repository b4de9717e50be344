/**
 * Plain `tsc` does not know `.astro` files (astro check does, through its language server).
 * This fallback lets TypeScript modules such as components/lesson/index.ts import them.
 */
declare module '*.astro' {
  import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
  const component: AstroComponentFactory;
  export default component;
}

declare namespace App {
  interface Locals {
    /** The page being rendered, set by the lesson and reference pages for their components. */
    page?: { id: string; lab?: import('./content/lab-manifest').LabSummary | undefined };
  }
}
