/**
 * The catalog of black-box checks, in catalog order: LO-01 … LO-24 (docs/security-reference.md §4.3, logout),
 * then AU-01, AU-02 (the login route). Each check is a short HTTP sequence against the contract of
 * §4.1; see the README beside this folder for how to add one.
 */
import type { CheckDefinition } from '../harness';
import type { CheckId } from '../types';
import { AU_01, AU_02 } from './authentication';
import { LO_12, LO_13, LO_14 } from './cookies';
import { LO_01, LO_02, LO_03 } from './csrf';
import { LO_17, LO_18 } from './devices';
import { LO_10, LO_11 } from './fixation';
import { LO_15, LO_16 } from './headers';
import { LO_04, LO_05, LO_06, LO_07, LO_08, LO_09 } from './invalidation';
import { LO_19, LO_20, LO_21, LO_22, LO_23, LO_24 } from './tokens';

export { isTokenCheck, TOKEN_CHECKS } from './tokens';

export const catalog: readonly CheckDefinition[] = [
  LO_01,
  LO_02,
  LO_03,
  LO_04,
  LO_05,
  LO_06,
  LO_07,
  LO_08,
  LO_09,
  LO_10,
  LO_11,
  LO_12,
  LO_13,
  LO_14,
  LO_15,
  LO_16,
  LO_17,
  LO_18,
  LO_19,
  LO_20,
  LO_21,
  LO_22,
  LO_23,
  LO_24,
  AU_01,
  AU_02,
];

export const checkIds: readonly CheckId[] = catalog.map((check) => check.id);

/** Ends of the logout catalog's range (LO-01, LO-24). */
export const FIRST_CHECK: CheckId = checkIds[0] ?? 'LO-01';
export const LAST_CHECK: CheckId = checkIds.filter((id) => id.startsWith('LO-')).at(-1) ?? 'LO-24';

/** Every id range in catalog order, e.g. [["LO-01", "LO-24"], ["AU-01", "AU-02"]]. */
export const CHECK_RANGES: readonly (readonly [CheckId, CheckId])[] = (() => {
  const ranges: [CheckId, CheckId][] = [];
  for (const id of checkIds) {
    const last = ranges.at(-1);
    if (last !== undefined && last[1].slice(0, 3) === id.slice(0, 3)) last[1] = id;
    else ranges.push([id, id]);
  }
  return ranges;
})();

/** "LO-01 … LO-24 or AU-01 … AU-02", for messages that list the valid ids. */
export const CHECK_RANGE_TEXT = CHECK_RANGES.map(([first, last]) => `${first} … ${last}`).join(' or ');

export function isCheckId(value: unknown): value is CheckId {
  return typeof value === 'string' && checkIds.includes(value as CheckId);
}

export function getCheck(id: string): CheckDefinition | undefined {
  return catalog.find((check) => check.id === id);
}
