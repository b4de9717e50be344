/**
 * Every lab proves itself before the site ships it: `astro build` runs each lab's self-proof (the
 * same as `npm run lab -- verify`, from sandbox-server/labs/prove) and fails with the report of
 * each lab that does not prove itself, naming it. A solution that fails a check would otherwise
 * build, and its lab would show learners a "solution" that fails.
 *
 * The proofs start with the build and run in worker threads beside it; the build waits for them
 * at its end, so they add little to its time. In `astro dev`, an edit under `lessons/NN-slug/lab/`
 * proves that lab again (the lab being edited, not the whole course) and a failed proof shows in
 * the browser's error overlay, also to pages that connect later, until the lab proves itself.
 * The lab's schema and files are ../lab-check's (through dev-feedback); this adds the checks' run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { listLabs } from '../../../sandbox-server/labs/load';
import { proveLab, type LabProof, type ProveOptions } from '../../../sandbox-server/labs/prove';
import { labLessonOf } from '../dev-feedback';
import { ContentError } from '../friendly-errors';
import { checkLabFolder } from '../lab-check';

export interface LabProofOptions {
  /** Time limits of the proof (tests tighten them). */
  prove?: Omit<ProveOptions, 'lessonsDir'>;
  /** `astro dev`: wait this long for a burst of saves to end before proving (ms). */
  delayMs?: number;
}

/** The friendly text of one failed proof: which lab, its report, the command, the fix. */
export function proofMessage(proof: LabProof): string {
  const number = proof.slug.slice(0, 2);
  return [
    `Lab ${proof.slug} does not prove itself, so it cannot be published. Its report (the same as \`npm run lab -- verify ${number}\`):`,
    proof.report,
    `Fix: change the files the report names under lessons/${proof.slug}/lab/ until \`npm run lab -- verify ${number}\` passes (a solution passes every check, a starter fails one, each mistake fails exactly its "fails"; see "Labs" in lessons/README.md).`,
  ].join('\n');
}

/** Proves every lab under `<root>/lessons`, at most two at a time; never rejects (an unexpected error is a failed proof). */
export async function proveLabs(root: string, options: ProveOptions = {}): Promise<LabProof[]> {
  const lessonsDir = join(root, 'lessons');
  if (!existsSync(lessonsDir)) return [];
  const slugs = await listLabs(lessonsDir);
  const proofs: LabProof[] = [];
  let next = 0;
  const worker = async () => {
    while (next < slugs.length) {
      const slug = slugs[next++] as string;
      proofs.push(await proveSafely(slug, { ...options, lessonsDir }));
    }
  };
  await Promise.all([worker(), worker()]);
  return proofs.sort((a, b) => a.slug.localeCompare(b.slug));
}

async function proveSafely(slug: string, options: ProveOptions): Promise<LabProof> {
  try {
    return await proveLab(slug, options);
  } catch (error) {
    const file = join(options.lessonsDir ?? '', slug, 'lab', 'lab.json');
    return {
      slug,
      ok: false,
      file,
      report: `✘ ${slug}\n  the proof itself failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** The build's refusal: every lab that does not prove itself, pointing at the first one's lab.json. */
export function labProofError(failed: readonly LabProof[]): ContentError {
  const error = new ContentError(
    failed.map(proofMessage).join('\n\n'),
    failed[0] === undefined ? undefined : { file: failed[0].file, line: 1, column: 1 },
  );
  // The message is the whole story: without this, Astro prints this helper's stack under it.
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/**
 * A build shares the machine with Vite (and, in CI, with other jobs): `lab verify`'s 5 s per check
 * and 1.5 s stuck limit made a correct lab time out at a load average of 6. The limits here only
 * decide how soon a real endless loop is reported; fewer PBKDF2 iterations for the demo users
 * (the minimum the server accepts) change no answer the checks read, only how long logins take.
 */
export const BUILD_PROVE_OPTIONS: Omit<ProveOptions, 'lessonsDir'> = {
  timeoutMs: 20_000,
  loadTimeoutMs: 20_000,
  stuckMs: 5_000,
  passwordIterations: 1_000,
};

export function labProof(options: LabProofOptions = {}): AstroIntegration {
  const limits = { ...BUILD_PROVE_OPTIONS, ...options.prove };
  const delayMs = options.delayMs ?? 150;
  let running: Promise<LabProof[]> | undefined;
  let root = process.cwd();
  return {
    name: 'logout-lab:lab-proof',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:start': ({ logger }) => {
        // Started here, awaited at the end: the proofs run in worker threads while Vite builds.
        running = proveLabs(root, limits);
        logger.info('proving every lab (npm run lab -- verify) while the site builds');
      },
      'astro:build:done': async ({ logger }) => {
        const proofs = await (running ?? Promise.resolve([]));
        const failed = proofs.filter((proof) => !proof.ok);
        if (failed.length > 0) throw labProofError(failed);
        logger.info(
          `${proofs.length} lab${proofs.length === 1 ? '' : 's'} proved: every solution passes, every starter has work left, every mistake fails exactly its checks`,
        );
      },
      'astro:server:setup': ({ server, logger }) => {
        const devRoot = server.config.root;
        /** Lesson → the overlay of its failed proof, shown again to every page that connects. */
        const failing = new Map<
          string,
          {
            type: 'error';
            err: {
              message: string;
              stack: string;
              id: string;
              plugin: string;
              loc: { file: string; line: number; column: number };
            };
          }
        >();
        const generation = new Map<string, number>();
        const timers = new Map<string, ReturnType<typeof setTimeout>>();
        const prove = async (lesson: string) => {
          const mine = (generation.get(lesson) ?? 0) + 1;
          generation.set(lesson, mine);
          // A lab.json or file problem is reported by dev-feedback already; a proof would only repeat it.
          const proof = checkLabFolder(lesson, devRoot).problem
            ? undefined
            : await proveSafely(lesson, { ...limits, lessonsDir: join(devRoot, 'lessons') });
          if (generation.get(lesson) !== mine) return; // an older edit finished after a newer one
          const had = failing.delete(lesson);
          if (proof === undefined || proof.ok) {
            if (proof) logger.info(`lab of ${lesson} proves itself`);
            // Clears the overlay of the failed proof.
            if (had) server.ws.send({ type: 'full-reload', path: '*' });
            return;
          }
          const message = proofMessage(proof);
          logger.error(message);
          const overlay = {
            type: 'error' as const,
            err: {
              message,
              stack: '',
              id: proof.file,
              plugin: 'logout-lab:lab-proof',
              loc: { file: proof.file, line: 1, column: 1 },
            },
          };
          failing.set(lesson, overlay);
          server.ws.send(overlay);
        };
        const changed = (file: string) => {
          const lesson = labLessonOf(devRoot, file);
          if (lesson === undefined) return;
          clearTimeout(timers.get(lesson));
          timers.set(
            lesson,
            setTimeout(() => {
              timers.delete(lesson);
              void prove(lesson);
            }, delayMs),
          );
        };
        // dev-feedback reloads the page on a lab edit: the reloaded page gets the overlay when it connects.
        server.ws.on('connection', () => {
          for (const overlay of failing.values()) server.ws.send(overlay);
        });
        server.watcher.on('add', changed).on('change', changed).on('unlink', changed);
      },
    },
  };
}
