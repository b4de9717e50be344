/**
 * Edits become restarts: after a quiet period following the last keystroke, ONE restart brings
 * every file changed since the previous one (a restart may cost a whole Node start), and
 * restarts run one after another, never overlapping.
 */
export interface EditQueueOptions {
  /** Quiet time after the last edit before the restart. */
  delayMs: number;
  /** Applies these changed paths (never rejects for a learner mistake: the store reports those). */
  restart(paths: string[]): Promise<void>;
  /** After each queued restart, whether it ran or found nothing to do. */
  settled(): void;
}

export function createEditQueue({ delayMs, restart, settled }: EditQueueOptions) {
  const dirty = new Set<string>();
  let pending: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();
  /** Restarts queued on `chain` and not yet finished. */
  let queued = 0;

  const enqueue = (): void => {
    const paths = [...dirty];
    dirty.clear();
    queued++;
    chain = chain.then(async () => {
      try {
        await restart(paths);
      } finally {
        queued--;
        settled();
      }
    });
  };

  /** Ends the quiet period now, then waits for every queued restart. */
  const flush = async (): Promise<void> => {
    if (pending !== null) {
      clearTimeout(pending);
      pending = null;
      enqueue();
    }
    await chain;
  };

  return {
    flush,
    /** True from an edit until the server runs it (or fails to): the quiet period plus the restart. */
    applying: (): boolean => pending !== null || queued > 0,

    /** Marks `path` changed and starts the quiet period again. */
    edit(path: string): void {
      dirty.add(path);
      if (pending !== null) clearTimeout(pending);
      pending = setTimeout(() => {
        pending = null;
        enqueue();
      }, delayMs);
    },

    /** Marks `paths` changed and restarts right away, after anything already pending. */
    async replace(paths: readonly string[]): Promise<void> {
      for (const path of paths) dirty.add(path);
      await flush();
      enqueue();
      await chain;
    },

    dispose(): void {
      if (pending !== null) clearTimeout(pending);
    },
  };
}

export type EditQueue = ReturnType<typeof createEditQueue>;
