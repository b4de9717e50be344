/**
 * The catalog of black-box checks LO-01 … LO-24 (docs/security-reference.md §4.3), in catalog order.
 * Each check is a short HTTP sequence against the contract of §4.1; see the README beside this
 * folder for how to add one.
 */
import type { CheckDefinition } from '../harness';
import type { CheckId } from '../types';
import { LO_12, LO_13, LO_14 } from './cookies';
import { LO_01, LO_02, LO_03 } from './csrf';
import { LO_17, LO_18 } from './devices';
import { LO_10, LO_11 } from './fixation';
import { LO_15, LO_16 } from './headers';
import { LO_04, LO_05, LO_06, LO_07, LO_08, LO_09 } from './invalidation';
import { LO_19, LO_20, LO_21, LO_22, LO_23, LO_24 } from './tokens';

export const catalog: readonly CheckDefinition[] = [
  LO_01, LO_02, LO_03, LO_04, LO_05, LO_06, LO_07, LO_08, LO_09, LO_10, LO_11, LO_12,
  LO_13, LO_14, LO_15, LO_16, LO_17, LO_18, LO_19, LO_20, LO_21, LO_22, LO_23, LO_24,
];

export const checkIds: readonly CheckId[] = catalog.map((check) => check.id);

/** Ends of the id range, for messages such as "use LO-01 … LO-24". */
export const FIRST_CHECK: CheckId = checkIds[0] ?? 'LO-01';
export const LAST_CHECK: CheckId = checkIds.at(-1) ?? 'LO-24';

export function isCheckId(value: unknown): value is CheckId {
  return typeof value === 'string' && checkIds.includes(value as CheckId);
}

export function getCheck(id: string): CheckDefinition | undefined {
  return catalog.find((check) => check.id === id);
}
