/**
 * Components available in every lesson's MDX without an import: exactly the registry's, each the
 * `.astro` file of its name in this folder (registry.test.ts checks that every file is registered).
 */
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import { lessonComponentRegistry } from './registry';

const files = import.meta.glob<AstroComponentFactory>('./*.astro', { eager: true, import: 'default' });

export const lessonComponents: Record<string, AstroComponentFactory> = Object.fromEntries(
  lessonComponentRegistry.map(({ name }) => {
    const component = files[`./${name}.astro`];
    if (!component)
      throw new Error(
        `src/components/lesson/registry.ts lists ${name}, but src/components/lesson/${name}.astro does not exist`,
      );
    return [name, component];
  }),
);
