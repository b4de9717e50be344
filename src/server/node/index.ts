/**
 * Runs the site server on a Node socket with bounded timeouts (a slow or stalled client cannot hold
 * a connection open forever) and a graceful shutdown (stop accepting, let in-flight requests
 * finish, then close what is left).
 *
 * The limits, one per way a client can stall: headers (slowloris) and a whole request
 * (`headersTimeout`, `requestTimeout`, Node's own); no byte moving in either direction
 * (`socketTimeout`: a reader that stopped reading, which the request limits never see because the
 * request is complete); a response that is still being sent (`responseTimeout`: a reader that
 * takes a chunk now and then, so the socket never idles); an idle keep-alive connection.
 */
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { createSiteServer, type SiteServer } from '../index.ts';

/** Errors Node answers before the app sees a request (bad syntax, huge headers, timeouts). */
function clientErrorStatus(error: NodeJS.ErrnoException): number {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_URI_TOO_LONG':
      return 414;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');

/** Node's default clientError reply, plus the security headers every response carries. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, extraHeaderLines: string): void {
  const response = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const status = clientErrorStatus(error);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\nCache-Control: no-store\r\n${extraHeaderLines}\r\n`,
  );
}

export interface StartOptions {
  root: string;
  /** 0 picks a free port. */
  port: number;
  /** Interface to bind; all interfaces when omitted. */
  hostname?: string;
  /** Whole request headers must arrive within this (slowloris defence). Default 10 s. */
  headersTimeout?: number;
  /** A whole request must arrive within this. Default 30 s. */
  requestTimeout?: number;
  /** A connection on which no byte moves either way for this long is closed. Default 30 s. */
  socketTimeout?: number;
  /** A response still being sent after this is cut off (the socket closes). Default 60 s. */
  responseTimeout?: number;
  /** Idle keep-alive connections close after this. Default 5 s. */
  keepAliveTimeout?: number;
  /** How often Node checks the two timeouts above. Default 1 s. */
  connectionsCheckingInterval?: number;
  /** Requests with larger headers get 431. Default 16 KiB (Node's default). */
  maxHeaderSize?: number;
  /** On shutdown, connections still busy after this are closed. Default 10 s. */
  shutdownTimeout?: number;
  memoryBudget?: number;
  /** Strict-Transport-Security on every response, Node's own error answers included (see ../hsts). */
  strictTransportSecurity?: string | undefined;
  log?: (line: string) => void;
}

export interface RunningServer {
  server: Server;
  site: SiteServer;
  port: number;
  url: string;
  /** Graceful: resolves once every connection is closed. Safe to call twice. */
  close(): Promise<void>;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`startServer: ${name} must be a positive number of milliseconds/bytes, got ${value}`);
  return value;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new TypeError(`startServer: port must be an integer 0-65535, got ${options.port}`);
  }
  const headersTimeout = positive('headersTimeout', options.headersTimeout, 10_000);
  const requestTimeout = positive('requestTimeout', options.requestTimeout, 30_000);
  if (requestTimeout < headersTimeout)
    throw new TypeError('startServer: requestTimeout must be at least headersTimeout');
  const socketTimeout = positive('socketTimeout', options.socketTimeout, 30_000);
  // The site's largest files are a few hundred KiB: a minute is ample even on a poor mobile link.
  const responseTimeout = positive('responseTimeout', options.responseTimeout, 60_000);
  const keepAliveTimeout = positive('keepAliveTimeout', options.keepAliveTimeout, 5_000);
  const connectionsCheckingInterval = positive(
    'connectionsCheckingInterval',
    options.connectionsCheckingInterval,
    1_000,
  );
  const maxHeaderSize = positive('maxHeaderSize', options.maxHeaderSize, 16 * 1024);
  const shutdownTimeout = positive('shutdownTimeout', options.shutdownTimeout, 10_000);
  const log = options.log ?? (() => {});

  const hsts = options.strictTransportSecurity;
  const site = await createSiteServer({
    root: options.root,
    log,
    strictTransportSecurity: hsts,
    ...(options.memoryBudget === undefined ? {} : { memoryBudget: options.memoryBudget }),
  });
  // What every answer given outside the app carries: the site's headers (as built), and HSTS when on.
  const outsideHeaders: Record<string, string> = {
    ...site.siteHeaders,
    ...(hsts ? { 'Strict-Transport-Security': hsts } : {}),
  };
  const outsideHeaderLines = headerLines(outsideHeaders);

  const listener = getRequestListener(site.fetch, {
    // Requests @hono/node-server refuses to build (bad Host, absolute-form oddities): 400 with our headers.
    errorHandler: () =>
      new Response('Bad request\n', {
        status: 400,
        headers: { ...outsideHeaders, 'Cache-Control': 'no-store' },
      }),
  });
  const server = createServer(
    // requireHostHeader off: the listener still refuses a missing Host (400), but with our headers.
    {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout,
      connectionsCheckingInterval,
      maxHeaderSize,
      requireHostHeader: false,
    },
    (request, response) => {
      const cutOff = setTimeout(() => {
        log(
          `closing a connection: response to ${request.method} ${JSON.stringify(request.url?.slice(0, 200))} not sent within ${responseTimeout} ms`,
        );
        response.destroy();
      }, responseTimeout);
      cutOff.unref();
      response.once('close', () => clearTimeout(cutOff));
      void listener(request, response);
    },
  );
  // With no 'timeout' listener anywhere, Node destroys a socket that idles this long.
  server.setTimeout(socketTimeout);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, outsideHeaderLines),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host =
    options.hostname && options.hostname !== '0.0.0.0' && options.hostname !== '::'
      ? options.hostname
      : 'localhost';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      site.setDraining(true);
      const force = setTimeout(() => {
        log(`shutdown: closing connections still open after ${shutdownTimeout} ms`);
        server.closeAllConnections();
      }, shutdownTimeout);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      // Idle keep-alive sockets would otherwise hold close() open until keepAliveTimeout.
      server.closeIdleConnections();
    });
    return closing;
  };
  return { server, site, port, url, close };
}
