import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { redactingSerializers, type Logger } from '@chatpilot/logger';
import { pinoHttp } from 'pino-http';

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
 * `request_id`, and writes one line per finished request. Probe endpoints are not logged.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    serializers: redactingSerializers,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
      res.setHeader(REQUEST_ID_HEADER, requestId);
      return requestId;
    },
    customAttributeKeys: { reqId: 'request_id' },
    quietReqLogger: true,
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    autoLogging: { ignore: (req) => PROBE_PATHS.has(pathOf(req.url)) },
  });
}
