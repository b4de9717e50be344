/**
 * `astro dev` reloads the page when a lesson's lab files change. Vite only reacts to files in its
 * module graph, and lab files enter it late (the lab island imports them on "Start lab") or never
 * (<Lab/> reads lab.json with fs at render time), so without this an edit to lab.json or to a
 * solution showed only after a manual reload. On any add/change/delete under
 * `lessons/NN-slug/lab/`, the lab is checked (a problem is logged in the terminal; the reloaded
 * page then shows it in Astro's error overlay, since <Lab/> runs the same check) and every open
 * page reloads.
 */
import { relative, sep } from 'node:path';
import type { AstroIntegration } from 'astro';
import { checkLabFolder } from '../lab-check';

/** The lesson folder of a file inside `lessons/<id>/lab/`, else undefined. */
export function labLessonOf(root: string, file: string): string | undefined {
  const path = relative(root, file).split(sep).join('/');
  return /^lessons\/(\d{2}-[^/]+)\/lab(?:\/|$)/.exec(path)?.[1];
}

export function labLiveReload(options: { delayMs?: number } = {}): AstroIntegration {
  const delayMs = options.delayMs ?? 60;
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new Error('labLiveReload: delayMs must be 0 or more');
  return {
    name: 'logout-lab:lab-live-reload',
    hooks: {
      'astro:server:setup': ({ server, logger }) => {
        const root = server.config.root;
        const pending = new Map<string, ReturnType<typeof setTimeout>>();
        const changed = (file: string) => {
          const lesson = labLessonOf(root, file);
          if (lesson === undefined) return;
          // Editors write a file in several steps; one reload per burst.
          clearTimeout(pending.get(lesson));
          pending.set(
            lesson,
            setTimeout(() => {
              pending.delete(lesson);
              const { problem } = checkLabFolder(lesson, root);
              if (problem) logger.error(problem.message);
              else logger.info(`lab of ${lesson} changed: reloading`);
              server.ws.send({ type: 'full-reload', path: '*' });
            }, delayMs),
          );
        };
        server.watcher.on('add', changed).on('change', changed).on('unlink', changed);
      },
    },
  };
}
