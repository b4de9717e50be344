/**
 * `astro dev` feedback while writing lessons, so every edit shows in the open page:
 * - lab files: Vite only reacts to files in its module graph, and lab files enter it late (the lab
 *   island imports them on "Start lab") or never (<Lab/> reads lab.json with fs at render time).
 *   On any add/change/delete under `lessons/NN-slug/lab/` the lab is checked (a problem is logged;
 *   the reloaded page shows it in Astro's error overlay, since the lesson page runs the same check) and every
 *   open page reloads.
 * - frontmatter: Astro's glob loader only logs a lesson that fails to reload and keeps serving its
 *   last valid version. The errors the loader records (../dev-errors) are sent to the browser's
 *   error overlay, also to pages that connect later; saving the file clears its error.
 */
import { relative, sep } from 'node:path';
import type { AstroIntegration } from 'astro';
import { contentErrors, onContentError, reportContentError } from '../dev-errors';
import { checkLabFolder } from '../lab-check';

/** The lesson folder of a file inside `lessons/<id>/lab/`, else undefined. */
export function labLessonOf(root: string, file: string): string | undefined {
  const path = relative(root, file).split(sep).join('/');
  return /^lessons\/(\d{2}-[^/]+)\/lab(?:\/|$)/.exec(path)?.[1];
}

export interface DevFeedbackOptions {
  /** Editors write a file in several steps: wait this long for the burst to end (ms). */
  delayMs?: number;
}

export function devFeedback(options: DevFeedbackOptions = {}): AstroIntegration {
  const delayMs = options.delayMs ?? 60;
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new Error('devFeedback: delayMs must be 0 or more');
  return {
    name: 'logout-lab:dev-feedback',
    hooks: {
      'astro:server:setup': ({ server, logger }) => {
        const root = server.config.root;
        const pending = new Map<string, ReturnType<typeof setTimeout>>();
        const later = (key: string, ms: number, run: () => void) => {
          clearTimeout(pending.get(key));
          pending.set(
            key,
            setTimeout(() => {
              pending.delete(key);
              run();
            }, ms),
          );
        };
        const changed = (file: string) => {
          // The loader re-reads a changed page and records its error again if it still has one; a
          // fixed page identical to its last valid version is not re-read, so forget the old error now.
          if (file.endsWith('.mdx')) reportContentError(file, undefined);
          const lesson = labLessonOf(root, file);
          if (lesson !== undefined) {
            later(`lab:${lesson}`, delayMs, () => {
              const { problem } = checkLabFolder(lesson, root);
              if (problem) logger.error(problem.message);
              else logger.info(`lab of ${lesson} changed: reloading`);
              server.ws.send({ type: 'full-reload', path: '*' });
            });
          }
        };
        // Frontmatter errors: shown when the loader records one, and again to every page that connects
        // (a failed reload still makes Astro reload the page, which would wipe an overlay sent earlier).
        const show = (file: string, error: Error) => {
          const loc = (error as { loc?: { line?: number; column?: number } }).loc;
          server.ws.send({
            type: 'error',
            err: {
              message: error.message,
              stack: '',
              id: file,
              plugin: 'logout-lab:content',
              loc: { file, line: loc?.line ?? 1, column: loc?.column ?? 1 },
            },
          });
        };
        const unsubscribe = onContentError((file, error) => error && show(file, error));
        server.ws.on('connection', () => {
          for (const [file, error] of contentErrors()) show(file, error);
        });
        server.watcher.on('add', changed).on('change', changed).on('unlink', changed);
        // A config change restarts the dev server in the same process: drop this server's listener.
        server.httpServer?.once('close', unsubscribe);
      },
    },
  };
}
