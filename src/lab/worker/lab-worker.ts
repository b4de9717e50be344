/**
 * The lab Worker: the learner's server lives here, off the main thread, so an endless loop in
 * their code freezes only this thread and the page can terminate it (see ./index.ts).
 */
import './install-shim';
import { checkIds, getCheck, type FetchLike } from '../../../sandbox-server/checks';
import { createLabHost, formatArgs, toProblem, type HostLogLevel, type LabHost } from '../host';
import type { LabResponse, LogLine } from '../runtime';
import type { CheckMeta, FromWorker, ToWorker } from './protocol';

const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(type: string, listener: (event: { data?: unknown; reason?: unknown; message?: string }) => void): void;
};
let pendingLogs: LogLine[] = [];
let logTimer: ReturnType<typeof setTimeout> | null = null;
const flushLogs = (): void => {
  if (logTimer !== null) clearTimeout(logTimer);
  logTimer = null;
  if (!pendingLogs.length) return;
  scope.postMessage({ type: 'logs', lines: pendingLogs });
  pendingLogs = [];
};
/** Replies go out after the logs written before them, so the page sees them in order. */
const post = (message: FromWorker): void => {
  flushLogs();
  scope.postMessage(message);
};
const log = (level: HostLogLevel, text: string): void => {
  pendingLogs.push({ at: Date.now(), level, text });
  if (pendingLogs.length > 1000) pendingLogs.splice(0, pendingLogs.length - 1000);
  logTimer ??= setTimeout(flushLogs, 30);
};

let host: LabHost | null = null;
let hostKey = '';
let origin = 'http://localhost';
let checkFetch: FetchLike | null = null;

// Errors that escape the learner's async code would otherwise vanish silently.
scope.addEventListener('unhandledrejection', (event) => log('error', `Unhandled promise rejection: ${formatArgs([event.reason])}`));
scope.addEventListener('error', (event) => log('error', `Uncaught error: ${event.message ?? 'unknown'}`));

async function handle(message: ToWorker): Promise<FromWorker> {
  switch (message.type) {
    case 'start': {
      const key = `${message.store}|${message.origin}|${message.secret}|${(message.learnerRoutes ?? []).join(',')}`;
      if (!host || key !== hostKey) {
        host = createLabHost({ store: message.store, origin: message.origin, secret: message.secret, log, ...(message.learnerRoutes ? { learnerRoutes: message.learnerRoutes } : {}) });
        hostKey = key;
        origin = message.origin;
      }
      try {
        host.load(message.files);
      } catch (error) {
        return { id: message.id, type: 'problem', problem: toProblem(error, message.files) };
      }
      checkFetch = null;
      return { id: message.id, type: 'ok', value: null };
    }
    case 'request': {
      if (!host) return { id: message.id, type: 'error', message: 'The lab server has not started.' };
      const { request } = message;
      const started = performance.now();
      const init: RequestInit = { method: request.method, headers: request.headers, redirect: 'manual' };
      if (request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD') init.body = request.body;
      const url = new URL(request.path, origin).href;
      const response = await host.fetch(new Request(url, init));
      const value: LabResponse = {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
        body: await response.text(),
        durationMs: performance.now() - started,
      };
      return { id: message.id, type: 'ok', value };
    }
    case 'describe': {
      const value = message.ids.map((id) => {
        const check = getCheck(id);
        const at = checkIds.indexOf(id as CheckMeta['id']);
        return {
          id: id as CheckMeta['id'],
          title: check?.title ?? id,
          hint: check?.hint ?? { concept: 'unknown check', lesson: '01-understanding-sessions' as const },
          order: at === -1 ? checkIds.length : at,
        };
      });
      return { id: message.id, type: 'ok', value };
    }
    case 'check': {
      if (!host) return { id: message.id, type: 'error', message: 'The lab server has not started.' };
      if (message.fresh || !checkFetch) checkFetch = host.fresh();
      const [result] = await host.runChecks([message.checkId], { fetch: checkFetch, timeoutMs: message.timeoutMs });
      if (!result) return { id: message.id, type: 'error', message: `No result for ${message.checkId}` };
      return { id: message.id, type: 'ok', value: result };
    }
  }
}

scope.addEventListener('message', (event) => {
  const message = event.data as ToWorker;
  handle(message).then(post, (error: unknown) => {
    const problem = toProblem(error);
    post(problem.kind === 'crash' ? { id: message.id, type: 'error', message: problem.message } : { id: message.id, type: 'problem', problem });
  });
});

post({ type: 'loaded' });
