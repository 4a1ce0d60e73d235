import type { Logger } from '@chatpilot/logger';
import type { Request, Response } from 'express';

import { getSession } from '../app/get-session';
import type { TransactionRunner } from '../app/ports';
import { isTerminal } from '../domain/session';
import { httpError } from './http-errors';
import { presentSession } from './session-presenter';

export interface SessionStreamsOptions {
  runner: TransactionRunner;
  pollIntervalMs: number;
  heartbeatMs: number;
}

/** `GET /onboarding/session/:id/events`: Server-Sent Events for a page that follows a session live. */
export interface SessionStreams {
  follow(req: Request, res: Response, tenantId: string, sessionId: string): Promise<void>;
  /** Ends every open stream (on shutdown, so the HTTP server can close). */
  closeAll(): void;
  openCount(): number;
}

/**
 * Each stream polls the session from the database and sends a `session` event (the same JSON as
 * GET /onboarding/session/:id) whenever it changed; the stream ends after a terminal status, when
 * the client goes away, or on shutdown. Polling keeps it correct across replicas without a bus.
 */
export function createSessionStreams(options: SessionStreamsOptions): SessionStreams {
  const open = new Set<() => void>();
  return {
    follow: async (req, res, tenantId, sessionId) => {
      const first = await getSession(options.runner.reader, tenantId, sessionId);
      if (first === undefined) throw httpError('SESSION_NOT_FOUND');
      // The client may have gone while the session was read: its 'close' has fired already.
      if (req.socket.destroyed) return;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
      res.write('retry: 2000\n\n');
      req.on('close', streamUntilDone(options, res, { tenantId, sessionId, first: presentSession(first), log: req.log }, open));
    },
    closeAll: () => {
      for (const stop of [...open]) stop();
    },
    openCount: () => open.size,
  };
}

type SessionJson = ReturnType<typeof presentSession>;

/** Streams until done and returns the stop; the stream is in `open` exactly while it runs (a finished session's ends at once). */
function streamUntilDone(
  options: SessionStreamsOptions,
  res: Response,
  subject: { tenantId: string; sessionId: string; first: SessionJson; log: Logger },
  open: Set<() => void>,
): () => void {
  let stopped = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let lastSent = '';
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearTimeout(pollTimer);
    clearInterval(heartbeat);
    res.end();
    open.delete(stop);
  };
  const send = (session: SessionJson): void => {
    const data = JSON.stringify(session);
    if (data !== lastSent) res.write(`event: session\ndata: ${data}\n\n`);
    lastSent = data;
    if (isTerminal(session.status)) stop();
  };
  const poll = async (): Promise<void> => {
    try {
      const details = await getSession(options.runner.reader, subject.tenantId, subject.sessionId);
      if (!stopped && details !== undefined) send(presentSession(details));
    } catch (error) {
      subject.log.warn({ err: error, session_id: subject.sessionId }, 'session stream read failed; retrying on the next tick');
    }
    if (!stopped) pollTimer = setTimeout(() => void poll(), options.pollIntervalMs);
  };
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs);
  open.add(stop);
  send(subject.first);
  if (!stopped) pollTimer = setTimeout(() => void poll(), options.pollIntervalMs);
  return stop;
}
