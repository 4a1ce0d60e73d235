import { randomUUID } from 'node:crypto';

import type { Logger } from '@chatpilot/logger';
import type { Request, RequestHandler, Response } from 'express';

import { pathOf } from './path-of';

export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The caller's request id when it is safe to log and echo, else a fresh uuid. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Assigns the request id (echoed in `x-request-id`), gives each request `req.log` carrying
 * `request_id`, and writes one line per finished request (`request completed`, at warn for a
 * 4xx; `request errored` at error, with `res.err`, for a 5xx). Probe endpoints are not logged.
 *
 * The line's request and response are serialized (and censored) only when the logger's level
 * writes it: pino-http, used before, built a child logger carrying the serialized request for
 * every request up front, a tenth of webhook-ingest's CPU under load at level warn.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const log = logger.child({ request_id: requestId });
    req.log = log;
    if (!PROBE_PATHS.has(pathOf(req.url))) {
      const startedAt = Date.now();
      const finished = (): void => {
        res.removeListener('finish', finished);
        res.removeListener('close', finished);
        logFinishedRequest(log, req, res, Date.now() - startedAt);
      };
      res.on('finish', finished);
      res.on('close', finished);
    }
    next();
  };
}

function logFinishedRequest(log: Logger, req: Request, res: Response, responseTime: number): void {
  const error = res.err ?? (res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined);
  const level = error !== undefined ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
  if (!log.isLevelEnabled(level)) return;
  if (error !== undefined) {
    log.error({ req, res, err: error, responseTime }, 'request errored');
    return;
  }
  log[level]({ req, res, responseTime }, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
}
