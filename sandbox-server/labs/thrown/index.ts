/**
 * A handler that threw, said the way a compiler says it, for every text report of the labs
 * (`lab check`, the class report's HTML and JUnit): the place first, then the request and the error.
 */
import type { ThrownError } from '../../checks/types';

/** "Your code threw at routes/logout.ts:14:9 (POST /logout): TypeError: …". */
export function thrownLine(thrown: ThrownError): string {
  const at = thrown.at ? ` at ${thrown.at.file}:${thrown.at.line}:${thrown.at.column}` : '';
  return `Your code threw${at} (${thrown.request}): ${thrown.message}`;
}
