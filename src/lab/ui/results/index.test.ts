import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../runtime';
import { summarize } from '../../store';
import { arrangeResults, preconditionOf, summaryLine } from '.';

const loginHint = {
  concept: 'Sign the user in: a new session id, then the user in the session',
  lesson: '02-authentication-basics',
} as const;

function result(
  id: string,
  status: CheckResult['status'],
  message: string,
  hint: CheckResult['hint'] = { concept: `concept of ${id}`, lesson: '05-session-security' },
): CheckResult {
  return {
    id: id as CheckResult['id'],
    title: `title of ${id}`,
    status,
    message,
    hint,
    trace: [],
    logs: '',
    serverLog: '',
  };
}

/** The harness's message when POST /login fails (sandbox-server/checks/harness: login()). */
const loginBroken = (title: string): string =>
  [
    `Logging in did not work, so this check could not run (${title}).`,
    'Sent: POST /login as alice with the right password.',
    'Came back: 404 Not Found, with no Set-Cookie for sid.',
    'Expected: 200 or a 303 redirect, with a Set-Cookie for sid.',
    'Why it matters: this check starts from a signed-in session, and in this lab POST /login is yours to write.',
  ].join('\n');

describe('preconditionOf', () => {
  it('reads the broken step from the harness’s wording', () => {
    expect(preconditionOf(loginBroken('Logout ends the session'))).toBe('Logging in did not work');
    expect(
      preconditionOf(
        'Logging in answered 303 See Other but set no sid cookie, so nobody was signed in and this check could not run (x).\nSent: …',
      ),
    ).toBe('Logging in answered 303 See Other but set no sid cookie');
    expect(
      preconditionOf(
        'Right after logging in, GET /me did not recognise the session, so there was nothing to log out.\nSent: …',
      ),
    ).toBe('Right after logging in, GET /me did not recognise the session');
    expect(preconditionOf('Saving a preference did not work, so this check could not go on.')).toBe(
      'Saving a preference did not work',
    );
  });

  it('is null for a check’s own failure', () => {
    expect(
      preconditionOf(
        'POST /logout answered 200 to a cross-site form post, so a hidden form on another site can log the user out.',
      ),
    ).toBeNull();
    expect(
      preconditionOf(
        'After logout the old session cookie still works.\nSent: GET /me, so this check could not …',
      ),
    ).toBeNull();
    expect(preconditionOf('')).toBeNull();
  });
});

describe('arrangeResults', () => {
  it('puts failures first, in catalog order, then advice, then passes', () => {
    const results = [
      result('LO-01', 'pass', 'ok'),
      result('LO-02', 'fail', 'POST /logout accepted a cross-site form.'),
      result('LO-03', 'advisory', 'Consider Clear-Site-Data.'),
      result('LO-04', 'error', 'Timed out waiting for log out.'),
      result('LO-05', 'pass', 'ok'),
    ];
    const arranged = arrangeResults(results);
    expect(arranged.groups).toEqual([]);
    expect(arranged.failures.map((r) => r.id)).toEqual(['LO-02', 'LO-04']);
    expect(arranged.advice.map((r) => r.id)).toEqual(['LO-03']);
    expect(arranged.passes.map((r) => r.id)).toEqual(['LO-01', 'LO-05']);
  });

  it('folds the checks one broken precondition stopped into one group, with the shared lines and hint', () => {
    const results = [
      result('LO-01', 'pass', 'ok'),
      result('LO-02', 'fail', 'POST /logout accepted a cross-site form.'),
      result('LO-04', 'fail', loginBroken('Logout ends the session'), loginHint),
      result('LO-05', 'fail', loginBroken('Logout deletes the cookie'), loginHint),
      result('LO-06', 'error', loginBroken('The deletion cookie matches'), loginHint),
    ];
    const { groups, failures } = arrangeResults(results);
    expect(failures.map((r) => r.id)).toEqual(['LO-02']);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group?.precondition).toBe('Logging in did not work');
    expect(group?.hint).toEqual(loginHint);
    expect(group?.results.map((r) => r.id)).toEqual(['LO-04', 'LO-05', 'LO-06']);
    expect(group?.detail.split('\n')[0]).toBe('Sent: POST /login as alice with the right password.');
    expect(group?.detail).toContain('Expected: 200 or a 303 redirect');
    // The first line names each check: it is not part of what they share.
    expect(group?.detail).not.toContain('so this check could not');
  });

  it('keeps only the lines every message shares, and no hint when they differ', () => {
    const remember = loginBroken('Remember-me is revoked').replace(
      'the right password.',
      'the right password and remember=1.',
    );
    const { groups } = arrangeResults([
      result('LO-13', 'fail', remember),
      result('LO-14', 'fail', loginBroken('Remember-me token is revoked')),
    ]);
    expect(groups[0]?.hint).toBeNull();
    expect(groups[0]?.detail).not.toContain('Sent:');
    expect(groups[0]?.detail).toContain('Came back: 404 Not Found');
  });

  it('groups a message repeated word for word (the checks a stopped server could not run)', () => {
    const notRun =
      'Not run: the lab stopped the server running the checks after LO-04 stopped answering. Fix the endless loop, then run the checks again.';
    const { groups, failures } = arrangeResults([
      result('LO-04', 'error', 'Stopped: your code did not finish check LO-04 within 4 seconds.'),
      result('LO-05', 'error', notRun),
      result('LO-06', 'error', notRun),
    ]);
    expect(failures.map((r) => r.id)).toEqual(['LO-04']);
    expect(groups).toEqual([expect.objectContaining({ precondition: null, detail: notRun })]);
    expect(groups[0]?.results.map((r) => r.id)).toEqual(['LO-05', 'LO-06']);
  });

  it('leaves a single precondition failure as its own card, and never groups passes or advice', () => {
    const { groups, failures, passes } = arrangeResults([
      result('LO-04', 'fail', loginBroken('Logout ends the session'), loginHint),
      result('LO-05', 'pass', 'same'),
      result('LO-06', 'pass', 'same'),
      result('LO-07', 'advisory', 'same advice'),
      result('LO-08', 'advisory', 'same advice'),
    ]);
    expect(groups).toEqual([]);
    expect(failures.map((r) => r.id)).toEqual(['LO-04']);
    expect(passes).toHaveLength(2);
  });

  it('joins the broken steps that point at the same fix, and the advisory check that could not run either', () => {
    const meBroken = [
      'Right after logging in, GET /me did not recognise the session, so there was nothing to log out.',
      'Sent: GET /me with the cookie from login (sid=abc…).',
    ].join('\n');
    const { groups, failures, advice } = arrangeResults([
      result('LO-04', 'fail', loginBroken('a'), loginHint),
      result('LO-05', 'fail', loginBroken('b'), loginHint),
      result('LO-08', 'fail', meBroken, loginHint),
      result('LO-16', 'advisory', loginBroken('c'), loginHint),
      result('LO-17', 'advisory', 'Consider Clear-Site-Data.'),
    ]);
    expect(failures).toEqual([]);
    expect(advice.map((r) => r.id)).toEqual(['LO-17']);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group?.precondition).toBe('Logging in did not work');
    expect(group?.results.map((r) => r.id)).toEqual(['LO-04', 'LO-05', 'LO-08', 'LO-16']);
    expect(group?.also).toEqual([
      {
        precondition: 'Right after logging in, GET /me did not recognise the session',
        results: [expect.objectContaining({ id: 'LO-08' })],
      },
    ]);
    expect(group?.detail).toContain('Sent: POST /login');
    // The summary counts failures only: the advisory check is not one.
    expect(
      summaryLine({ text: '0 of 5 checks pass (2 advisory)', failed: 3, complete: false }, { groups }),
    ).toBe(
      '0 of 5 checks pass (2 advisory). 3 fail, all because of one step that broke before them: fix it first.',
    );
  });

  it('keeps two different broken preconditions apart, in the order of their first check', () => {
    const prefs = 'Saving a preference did not work, so this check could not go on.\nSent: POST /prefs';
    const { groups } = arrangeResults([
      result('LO-04', 'fail', loginBroken('a'), loginHint),
      result('LO-08', 'fail', prefs, { concept: 'Keep preferences', lesson: '03-basic-logout-route' }),
      result('LO-09', 'fail', loginBroken('b'), loginHint),
      result('LO-10', 'fail', prefs, { concept: 'Keep preferences', lesson: '03-basic-logout-route' }),
    ]);
    expect(groups.map((g) => [g.precondition, g.results.map((r) => r.id)])).toEqual([
      ['Logging in did not work', ['LO-04', 'LO-09']],
      ['Saving a preference did not work', ['LO-08', 'LO-10']],
    ]);
  });
});

describe('summaryLine', () => {
  const line = (results: CheckResult[]) => summaryLine(summarize(results), arrangeResults(results));

  it('says how many fail and where to start', () => {
    expect(line([result('LO-01', 'pass', 'ok'), result('LO-02', 'fail', 'x')])).toBe(
      '1 of 2 checks pass. 1 fails, shown first.',
    );
    expect(
      line([
        result('LO-01', 'pass', 'ok'),
        result('LO-04', 'fail', loginBroken('a')),
        result('LO-05', 'fail', loginBroken('b')),
      ]),
    ).toBe('1 of 3 checks pass. 2 fail, all because of one step that broke before them: fix it first.');
    expect(
      line([
        result('LO-02', 'fail', 'x'),
        result('LO-04', 'fail', loginBroken('a')),
        result('LO-05', 'fail', loginBroken('b')),
      ]),
    ).toBe('0 of 3 checks pass. 3 fail, 2 of them because of one step that broke before them: fix it first.');
  });

  it('says a complete lab is saved', () => {
    expect(line([result('LO-01', 'pass', 'ok'), result('LO-03', 'advisory', 'hm')])).toBe(
      '1 of 2 checks pass (1 advisory). Lab complete: your progress is saved.',
    );
  });
});
