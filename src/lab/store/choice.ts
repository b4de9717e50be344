/**
 * What the store knows about each runtime of the table in this tab: whether it can run here,
 * whether it served or failed (remembered across reloads for the entries that ask for it), and so
 * which switch the toolbar may offer. Every runtime-specific word comes from the table entries.
 */
import type { Environment, RuntimeAdapter, RuntimeKind } from '../runtime';

/** Remembers one failed boot per tab, so a reload does not wait for it again. */
export interface BootMemory {
  get(): string | null;
  set(reason: string): void;
  clear?(): void;
}

export interface SwitchAction {
  target: RuntimeKind;
  /** The button's text. */
  label: string;
  /** Why a retry might not help (the earlier failure), for the button's description. */
  reason: string | null;
  /** A retry that only a fresh page can make (the entry's `retryReloads`): the UI reloads instead of switching. */
  reload?: true;
}

type Known = { known: 'works' } | { known: 'failed'; reason: string };

export function createRuntimeChoice(
  runtimes: readonly RuntimeAdapter[],
  env: Environment,
  memory: BootMemory | undefined,
) {
  const fallback = runtimes.at(-1);
  if (!fallback) throw new Error('createLabStore: the runtime table is empty');
  const availability = new Map(runtimes.map((entry) => [entry.kind, entry.available(env)]));
  const known = new Map<RuntimeKind, Known>();

  const entry = (kind: RuntimeKind): RuntimeAdapter => {
    const found = runtimes.find((candidate) => candidate.kind === kind);
    if (!found) throw new Error(`createLabStore: no runtime "${kind}" in the runtime table`);
    return found;
  };

  return {
    /** The last resort: what the lab falls back to, and switches to from any other runtime. */
    fallback,
    entry,

    /**
     * The entries to try in order for `prefer`, and why the first of them serves instead of an
     * earlier one (the learner chose it), or null.
     */
    plan(prefer: 'auto' | RuntimeKind = 'auto'): {
      candidates: readonly RuntimeAdapter[];
      why: string | null;
    } {
      // A runtime this deployment leaves out (`?lab-runtime=webcontainer` with PUBLIC_LAB_RUNTIME=worker) is no choice: auto.
      const wanted = runtimes.findIndex((candidate) => candidate.kind === prefer);
      const from = Math.max(wanted, 0);
      const first = runtimes[from];
      return { candidates: runtimes.slice(from), why: from > 0 ? (first?.chosen ?? null) : null };
    },

    /**
     * Why `candidate` is passed over without trying it: it cannot run here, or it failed earlier
     * in this tab (remembered). Null: try it.
     */
    passOver(candidate: RuntimeAdapter): string | null {
      const available = availability.get(candidate.kind);
      if (available !== true) return available ?? 'it is not in the runtime table';
      const remembered = candidate.remembersFailure ? (memory?.get() ?? null) : null;
      if (remembered === null) return null;
      known.set(candidate.kind, { known: 'failed', reason: remembered });
      return `${remembered}; not retried in this tab`;
    },

    /** It served: from now on the toolbar offers a plain switch to it, and a remembered failure is forgotten. */
    works(served: RuntimeAdapter): void {
      known.set(served.kind, { known: 'works' });
      if (served.remembersFailure) memory?.clear?.();
    },

    failed(candidate: RuntimeAdapter, reason: string): void {
      known.set(candidate.kind, { known: 'failed', reason });
      if (candidate.remembersFailure) memory?.set(reason);
    },

    /** True when `to` comes after `from` in the table: the learner moved towards the last resort. */
    fellBack(from: RuntimeAdapter, to: RuntimeAdapter): boolean {
      return runtimes.indexOf(to) > runtimes.indexOf(from);
    },

    /**
     * The switch the toolbar may offer while `current` serves: from any runtime to the last
     * resort; from the last resort to the first earlier entry that can run here and was tried in
     * this tab. After a failure that is "Retry", not "Switch": it failed here already, and a
     * retry costs its boot time limit again.
     */
    switchFrom(current: RuntimeAdapter): SwitchAction | null {
      if (current !== fallback)
        return { target: fallback.kind, label: `Switch to ${fallback.label}`, reason: null };
      for (const candidate of runtimes.slice(0, -1)) {
        // Without what it needs (cross-origin isolation) it cannot start, so it is not offered.
        if (availability.get(candidate.kind) !== true) continue;
        const what = known.get(candidate.kind);
        if (what?.known === 'works')
          return { target: candidate.kind, label: `Switch to ${candidate.label}`, reason: null };
        if (what?.known === 'failed')
          return {
            target: candidate.kind,
            label: `Retry ${candidate.name}`,
            reason: `It did not start earlier in this tab: ${what.reason}.`,
            ...(candidate.retryReloads ? { reload: true as const } : {}),
          };
      }
      return null;
    },
  };
}

export type RuntimeChoice = ReturnType<typeof createRuntimeChoice>;
