/**
 * Removes a dead `"use astro:head-inject";` directive from the modules Astro generates for
 * rendered content entries (`<entry>.mdx?astroPropagatedAssets`).
 *
 * Why: Astro 7.3.5 still writes that directive at the top of each such module, and Rolldown warns
 * for each one (MODULE_LEVEL_DIRECTIVE, "may not be preserved when bundling"): one boxed warning
 * per lesson and reference page on every build. Nothing reads the directive any more. Since
 * withastro/astro#17095, head propagation is found from the `?astroPropagatedAssets` query of the
 * module id (vite-plugin-head and core/head-propagation), and that PR already removed the same
 * directive from Astro's content module template; this one was left behind
 * (withastro/astro#18087). Dropping it removes the cause of the warning and changes no behaviour.
 * The test beside this file fails once Astro stops emitting it, so this plugin can then go.
 */
import type { Plugin } from 'vite';

export const PROPAGATED_ASSETS_QUERY = 'astroPropagatedAssets';

/** A directive prologue line holding exactly this directive (either quote), with its semicolon. */
const directive = /^(\s*)(["'])use astro:head-inject\2;?/;

/** The module's code without the directive; other code, including later lines, is left as it is. */
export function dropHeadInjectDirective(code: string): string {
  return code.replace(directive, '$1');
}

export function isPropagatedAssetsModule(id: string): boolean {
  const query = id.split('?')[1];
  return query !== undefined && new URLSearchParams(query).has(PROPAGATED_ASSETS_QUERY);
}

export function headInjectDirective(): Plugin {
  return {
    name: 'logout-lab:drop-dead-head-inject-directive',
    // After Astro's own transform, which is the one that writes the directive.
    enforce: 'post',
    transform(code, id) {
      if (!isPropagatedAssetsModule(id)) return null;
      const cleaned = dropHeadInjectDirective(code);
      return cleaned === code ? null : { code: cleaned, map: null };
    },
  };
}
