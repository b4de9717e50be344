/**
 * How "Check results" are laid out, as data (checks-view.ts renders it): what a learner can act on
 * first. Failures come before everything else; a broken precondition that stopped several checks
 * becomes one group (one banner) instead of N cards saying the same thing; advice follows; passes
 * are folded away.
 *
 * The results carry no "precondition" flag, and the page has no catalog to compare a result's hint
 * with its check's own (the lab bundle deliberately ships without the checks). The signals are the
 * wording the harness uses for a broken precondition (sandbox-server/checks/harness: "Logging in
 * did not work, so this check could not …", "…, so there was nothing to log out"), the hint it then
 * points at the broken step's lesson (ctx.hint), and a message repeated word for word by different
 * checks (the Worker's "Not run: the lab stopped the server …"): a check failing for its own reason
 * names its own subject, so two never say exactly the same thing.
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
  /** Other broken steps the group's checks name that lead to the same fix (GET /me not knowing the session right after login). */
  also: { precondition: string; results: CheckResult[] }[];
  /** The lines every message naming `precondition` shares (after the first), or the repeated message. */
  detail: string;
  /** The hint every result of the group shares (the harness points it at the fix), or null. */
  hint: Hint | null;
  /** The checks it stopped, in catalog order (an advisory check among them, when it could not run either). */
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
  // What each stopped check names as broken. An advisory check that could not run says so the
  // same way: it belongs under the banner too, not among the advice.
  const stopped = results.flatMap((r) => {
    const precondition = failed(r) || r.status === 'advisory' ? preconditionOf(r.message) : null;
    return precondition === null ? [] : [{ result: r, precondition }];
  });
  // Two belong together when they name the same broken step, or point at the same fix: the harness
  // points a broken precondition's hint at the step's lesson, so "login set no cookie" and "GET /me
  // did not know the session right after login" both send the learner to "sign the user in".
  const parent = stopped.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] ?? i;
    return i;
  };
  stopped.forEach((a, i) => {
    for (let j = 0; j < i; j++) {
      const b = stopped[j];
      if (b && (a.precondition === b.precondition || sameHint(a.result.hint, b.result.hint)))
        parent[root(i)] = root(j);
    }
  });
  const components = new Map<number, typeof stopped>();
  stopped.forEach((entry, i) => components.set(root(i), [...(components.get(root(i)) ?? []), entry]));

  const groups: PreconditionGroup[] = [];
  const grouped = new Set<CheckResult>();
  for (const entries of components.values()) {
    if (entries.length < 2) continue;
    // The step most of them name is the banner's; the others are said after it.
    const byStep = new Map<string, CheckResult[]>();
    for (const { result, precondition } of entries)
      byStep.set(precondition, [...(byStep.get(precondition) ?? []), result]);
    const steps = [...byStep].sort((a, b) => b[1].length - a[1].length);
    const [[precondition, main] = ['', []], ...others] = steps;
    const members = entries.map((e) => e.result);
    const head = members[0];
    for (const r of members) grouped.add(r);
    groups.push({
      precondition,
      also: others.map(([step, rs]) => ({ precondition: step, results: rs })),
      detail: sharedLines(main.map((r) => r.message)),
      hint: head && members.every((r) => sameHint(r.hint, head.hint)) ? head.hint : null,
      results: members,
    });
  }
  // A message repeated word for word by different checks (the rest of a run the lab had to stop).
  const byMessage = new Map<string, CheckResult[]>();
  for (const r of results)
    if (failed(r) && !grouped.has(r)) byMessage.set(r.message, [...(byMessage.get(r.message) ?? []), r]);
  for (const [message, members] of byMessage) {
    if (members.length < 2) continue;
    const head = members[0];
    for (const r of members) grouped.add(r);
    groups.push({
      precondition: null,
      also: [],
      detail: message,
      hint: head && members.every((r) => sameHint(r.hint, head.hint)) ? head.hint : null,
      results: members,
    });
  }
  groups.sort(
    (a, b) => results.indexOf(a.results[0] as CheckResult) - results.indexOf(b.results[0] as CheckResult),
  );
  return {
    groups,
    failures: results.filter((r) => failed(r) && !grouped.has(r)),
    advice: results.filter((r) => r.status === 'advisory' && !grouped.has(r)),
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
  // Failures only: the summary's count does not include the advisory checks a group may hold.
  const stopped = arranged.groups.reduce((n, g) => n + g.results.filter(failed).length, 0);
  if (stopped === 0) return `${summary.text}. ${fails}, shown first.`;
  const one = arranged.groups.length === 1;
  const cause = one
    ? 'one step that broke before them'
    : `${arranged.groups.length} steps that broke before them`;
  const which = stopped === summary.failed ? 'all' : `${stopped} of them`;
  return `${summary.text}. ${fails}, ${which} because of ${cause}: fix ${one ? 'it' : 'those'} first.`;
}
