/**
 * How "Check results" are laid out, as data (checks-view.ts renders it): what a learner can act on
 * first. Failures come before everything else; a broken precondition that stopped several checks
 * becomes one group (one banner) instead of N cards saying the same thing; advice follows; passes
 * are folded away.
 *
 * The results carry no "precondition" flag, and the page has no catalog to compare a result's hint
 * with its check's own (the lab bundle deliberately ships without the checks). The signal is the
 * wording the harness uses for a broken precondition (sandbox-server/checks/harness: "Logging in
 * did not work, so this check could not …", "…, so there was nothing to log out"), or a message
 * repeated word for word by different checks (the Worker's "Not run: the lab stopped the server …"):
 * a check failing for its own reason names its own subject, so two never say exactly the same thing.
 */
import type { CheckResult } from '../../runtime';
import type { Summary } from '../../store';

type Hint = CheckResult['hint'];

export interface PreconditionGroup {
  /**
   * What broke, in the harness's words ("Logging in did not work"); null when the group is a
   * message repeated word for word, which then says it all (`detail`).
   */
  precondition: string | null;
  /** The lines every message of the group shares (after the first, for a named precondition). */
  detail: string;
  /** The hint every result of the group shares (the harness points it at the fix), or null. */
  hint: Hint | null;
  /** The checks it stopped, in catalog order. */
  results: CheckResult[];
}

export interface ArrangedResults {
  /** Broken preconditions, each stopping two or more checks, in the order of their first check. */
  groups: PreconditionGroup[];
  /** Failed or errored checks not in a group, in catalog order. */
  failures: CheckResult[];
  advice: CheckResult[];
  passes: CheckResult[];
}

const failed = (r: CheckResult): boolean => r.status === 'fail' || r.status === 'error';

/**
 * The precondition a failure message names, from its first line: "Logging in did not work, so
 * this check could not run (…)." → "Logging in did not work". Null for a check's own failure.
 */
export function preconditionOf(message: string): string | null {
  const first = message.split('\n', 1)[0] ?? '';
  const match =
    /^(.+?), so (?:nobody was signed in and )?(?:this check could not|there was nothing to)\b/.exec(first);
  return match?.[1]?.trim() || null;
}

const sameHint = (a: Hint, b: Hint): boolean => a.lesson === b.lesson && a.concept === b.concept;

/** The lines of `messages[0]` after its first that every other message has too, in its order. */
function sharedLines(messages: readonly string[]): string {
  const [first = '', ...rest] = messages;
  const others = rest.map((m) => new Set(m.split('\n').slice(1)));
  return first
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '' && others.every((set) => set.has(line)))
    .join('\n');
}

export function arrangeResults(results: readonly CheckResult[]): ArrangedResults {
  // A key per failure: its precondition when it names one, else its whole message.
  const keyOf = (r: CheckResult): string => {
    const precondition = preconditionOf(r.message);
    return precondition === null ? `message\n${r.message}` : `precondition\n${precondition}`;
  };
  const byKey = new Map<string, CheckResult[]>();
  for (const r of results.filter(failed)) {
    const key = keyOf(r);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const groups: PreconditionGroup[] = [];
  const grouped = new Set<CheckResult>();
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    const [head] = members as [CheckResult, ...CheckResult[]];
    const precondition = preconditionOf(head.message);
    for (const r of members) grouped.add(r);
    groups.push({
      precondition,
      detail: precondition === null ? head.message : sharedLines(members.map((r) => r.message)),
      hint: members.every((r) => sameHint(r.hint, head.hint)) ? head.hint : null,
      results: members,
    });
  }
  return {
    groups,
    failures: results.filter((r) => failed(r) && !grouped.has(r)),
    advice: results.filter((r) => r.status === 'advisory'),
    passes: results.filter((r) => r.status === 'pass'),
  };
}

/**
 * The line above the results: the store's count ("15 of 18 checks pass"), then what to do next,
 * so the sentence focus lands on after "Run checks" is the one that says where to start.
 */
export function summaryLine(
  summary: Pick<Summary, 'text' | 'failed' | 'complete'>,
  arranged: Pick<ArrangedResults, 'groups'>,
): string {
  if (summary.complete) return `${summary.text}. Lab complete: your progress is saved.`;
  if (summary.failed === 0) return `${summary.text}.`;
  const fails = `${summary.failed} ${summary.failed === 1 ? 'fails' : 'fail'}`;
  const stopped = arranged.groups.reduce((n, g) => n + g.results.length, 0);
  if (stopped === 0) return `${summary.text}. ${fails}, shown first.`;
  const one = arranged.groups.length === 1;
  const cause = one
    ? 'one step that broke before them'
    : `${arranged.groups.length} steps that broke before them`;
  const which = stopped === summary.failed ? 'all' : `${stopped} of them`;
  return `${summary.text}. ${fails}, ${which} because of ${cause}: fix ${one ? 'it' : 'those'} first.`;
}
