/**
 * Black-box checks (logout LO-01 … LO-24, login AU-01 … AU-02) and their runner. Web-standard only (fetch, Request,
 * Response, Headers, URL, crypto): the same code runs in Node, a WebContainer and a browser Worker.
 */
export {
  catalog,
  checkIds,
  getCheck,
  isCheckId,
  CHECK_RANGES,
  CHECK_RANGE_TEXT,
  FIRST_CHECK,
  LAST_CHECK,
  TOKEN_CHECKS,
  isTokenCheck,
} from './catalog';
export {
  runChecks,
  resolveConfig,
  capLogs,
  UnknownCheckError,
  DEFAULT_TIMEOUT_MS,
  LOG_LIMIT,
  type RunChecksOptions,
} from './runner';
export { inProcess, http, buildRequest, TransportError, type FetchLike } from './transport';
export type {
  CheckConfig,
  CheckId,
  CheckResult,
  CheckStatus,
  Hint,
  LessonSlug,
  OutgoingRequest,
  TraceEntry,
  Transport,
} from './types';
