import http, { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import type { Logger } from '@chatpilot/logger';

import type { HttpApp } from './create-http-app';
import { genericErrorBody } from './error-mapper';

export interface HttpServerOptions {
  /** 0 picks a free port; the real one is reported back. */
  port: number;
  host?: string;
  logger: Logger;
  /** How long in-flight requests may run after close() before their sockets are destroyed; default 10 s. */
  shutdownGraceMs?: number;
}

export interface RunningHttpServer {
  port: number;
  server: http.Server;
  /** Drains: /readyz turns 503, no new connections, in-flight requests finish within the grace period. */
  close(): Promise<void>;
}

const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
const IDLE_SWEEP_INTERVAL_MS = 100;

export async function startHttpServer(app: HttpApp, options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = http.createServer(app);
  server.on('clientError', answerMalformedRequest);
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  options.logger.info({ port, host: options.host }, 'http server listening');

  let closing: Promise<void> | undefined;
  return {
    port,
    server,
    close: () => (closing ??= drainAndClose(server, app, options)),
  };
}

/**
 * A request Node's parser refuses (bad framing, a URL or headers over the size limit) never
 * reaches express; Node's default answer is a bare status line. This one carries the same JSON
 * error body as every other refusal.
 */
function answerMalformedRequest(error: Error & { code?: string }, socket: Duplex): void {
  // A response already under way on this connection (an event stream, say) must not get a second one written into it.
  const responding = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || responding) return void socket.destroy();
  const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'The request is not valid HTTP/1.1'];
  const payload = JSON.stringify({ error: genericErrorBody(status, message).body });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
  );
}

const CLIENT_ERRORS: Readonly<Record<string, [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'The request line or headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive'],
};

function listen(server: http.Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function drainAndClose(server: http.Server, app: HttpApp, options: HttpServerOptions): Promise<void> {
  const graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  app.lifecycle.startDraining();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Node leaves a keep-alive socket open after its last response even while closing; sweeping
  // idle sockets lets close() finish as soon as the in-flight requests do.
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_INTERVAL_MS);
  const forceClose = setTimeout(() => {
    options.logger.warn({ shutdown_grace_ms: graceMs }, 'grace period over; destroying open connections');
    server.closeAllConnections();
  }, graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idleSweep);
    clearTimeout(forceClose);
  }
  options.logger.info('http server closed');
}
