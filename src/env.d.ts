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
    page?: {
      id: string;
      lab?: import('./content/lab-manifest').LabSummary | undefined;
      /** The lesson after this one in course order (lesson pages only; none after the last lesson). */
      next?: { href: string; title: string; number: number } | undefined;
    };
  }
}

/** The lab's deployment switches, read at build time (see src/lab/deployment). */
interface ImportMetaEnv {
  /** `auto` (default) or `worker`: WebContainers off for the whole deployment. */
  readonly PUBLIC_LAB_RUNTIME?: string;
  /** A StackBlitz WebContainer API key for licensed deployments, passed to `configureAPIKey`. */
  readonly PUBLIC_WEBCONTAINER_API_KEY?: string;
}
