/**
 * The lab Worker: the learner's server lives here, off the main thread, so an endless loop in
 * their code freezes only this thread and the page can terminate it (see ./index.ts). A thin
 * postMessage transport around the one lab host (sandbox-server/labs/host): no lab logic here.
 */
import './install-shim';
import { inProcess } from '../../../sandbox-server/checks/transport';
import { checkIds } from '../../../sandbox-server/checks/catalog';
import {
  createLabHost,
  describeChecks,
  formatArgs,
  type HostLogEntry,
  type LabHost,
} from '../../../sandbox-server/labs/host';
import type { LabResponse, LogLine } from '../runtime';
import { toRuntimeProblem, type FromWorker, type ToWorker } from './protocol';

const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(
    type: string,
    listener: (event: { data?: unknown; reason?: unknown; message?: string }) => void,
  ): void;
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
const log = ({ level, text, thrown }: Pick<HostLogEntry, 'level' | 'text' | 'thrown'>): void => {
  pendingLogs.push({ at: Date.now(), level, text, ...(thrown ? { thrown } : {}) });
  if (pendingLogs.length > 1000) pendingLogs.splice(0, pendingLogs.length - 1000);
  logTimer ??= setTimeout(flushLogs, 30);
};

let host: LabHost | null = null;
let hostKey = '';
let origin = 'http://localhost';
let checkApp: ReturnType<LabHost['checkApp']> | null = null;

// Errors that escape the learner's async code would otherwise vanish silently.
scope.addEventListener('unhandledrejection', (event) =>
  log({ level: 'error', text: `Unhandled promise rejection: ${formatArgs([event.reason])}` }),
);
scope.addEventListener('error', (event) =>
  log({ level: 'error', text: `Uncaught error: ${event.message ?? 'unknown'}` }),
);

async function handle(message: ToWorker): Promise<FromWorker> {
  switch (message.type) {
    case 'start': {
      const lab = {
        store: message.store,
        editable: Object.keys(message.files),
        learnerRoutes: message.learnerRoutes,
      };
      const key = JSON.stringify([lab, message.origin, message.secret]);
      if (!host || key !== hostKey) {
        host = createLabHost({ lab, origin: message.origin, secret: message.secret, log });
        hostKey = key;
        origin = message.origin;
      }
      const loaded = host.load(message.files);
      if (!loaded.ok) return { id: message.id, type: 'problem', problem: toRuntimeProblem(loaded.problem) };
      checkApp = null;
      return { id: message.id, type: 'ok', value: null };
    }
    case 'request': {
      if (!host) return { id: message.id, type: 'error', message: 'The lab server has not started.' };
      const { request } = message;
      const started = performance.now();
      const init: RequestInit = { method: request.method, headers: request.headers, redirect: 'manual' };
      if (request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD')
        init.body = request.body;
      const { response, thrown } = await host.exchange(new Request(new URL(request.path, origin).href, init));
      const value: LabResponse = {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
        body: await response.text(),
        durationMs: performance.now() - started,
        ...(thrown ? { thrown } : {}),
      };
      return { id: message.id, type: 'ok', value };
    }
    case 'describe': {
      const value = describeChecks(message.ids).map((meta) => {
        const at = checkIds.indexOf(meta.id as (typeof checkIds)[number]);
        return { ...meta, id: meta.id as (typeof checkIds)[number], order: at === -1 ? checkIds.length : at };
      });
      return { id: message.id, type: 'ok', value };
    }
    case 'check': {
      if (!host) return { id: message.id, type: 'error', message: 'The lab server has not started.' };
      // One fresh app per run of the checks (the first check of a run asks for it).
      if (message.fresh || !checkApp) checkApp = host.checkApp();
      const [result] = await host.runChecks([message.checkId], {
        transport: inProcess(checkApp.fetch, origin),
        logs: checkApp.logs,
        timeoutMs: message.timeoutMs,
      });
      if (!result) return { id: message.id, type: 'error', message: `No result for ${message.checkId}` };
      return { id: message.id, type: 'ok', value: result };
    }
  }
}

scope.addEventListener('message', (event) => {
  const message = event.data as ToWorker;
  handle(message).then(post, (error: unknown) =>
    post({ id: message.id, type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});

post({ type: 'loaded' });
