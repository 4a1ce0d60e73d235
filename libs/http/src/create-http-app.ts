import type { Logger } from '@chatpilot/logger';
import express, { type Express, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';

import { jsonBodyParser, type RawBodyVerifier } from './body-parsing';
import { createErrorMapper, notFound, type UnavailableErrors } from './error-mapper';
import { createHttpLifecycle, type HttpLifecycle } from './lifecycle';
import { probeRoutes } from './probe-routes';
import { DEFAULT_READINESS_TIMEOUT_MS, type ReadinessCheck } from './readiness';
import { requestLogging } from './request-logging';
import { requestMetrics } from './request-metrics';

// Declared here so that every importer of @chatpilot/http sees the request properties this app adds.
declare module 'express-serve-static-core' {
  interface Request {
    /** The exact JSON body bytes, kept only under the app's `rawBodyFor` prefixes (e.g. to verify an HMAC). */
    rawBody?: Buffer;
    /** The request's logger: every line carries its `request_id` (request-logging). */
    log: Logger;
  }
  interface Response {
    /** A route's unexpected error, for the request's log line (set by the error mapper on a 500). */
    err?: Error;
  }
}

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  /** The service's own registry; /metrics serves it. */
  metricsRegistry: Registry;
  /** Largest accepted JSON body (bytes library syntax); defaults to '1mb'. */
  bodyLimit?: string;
  readinessChecks?: ReadinessCheck[];
  /** Per-check bound on /readyz; defaults to 2000 ms. */
  readinessTimeoutMs?: number;
  routes?: (app: Express) => void;
  /** Path prefixes whose raw JSON body bytes are kept as `req.rawBody` (webhook signatures). */
  rawBodyFor?: string[];
  /**
   * Checks the raw bytes of a `rawBodyFor` request before they are parsed; what it throws (an
   * HttpError) is the answer. A webhook's signature goes here, so an unsigned body costs no parse.
   */
  verifyRawBody?: RawBodyVerifier;
  /** Errors a route lets through that mean "down for now" (503 with Retry-After) rather than a bug (500). */
  unavailable?: UnavailableErrors;
}

/** An express app plus the switch startHttpServer flips when it starts draining. */
export type HttpApp = Express & { readonly lifecycle: HttpLifecycle };

/** The express app every service starts from: request id, logging, metrics, probes, one error shape. */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const lifecycle = createHttpLifecycle();
  const app = Object.assign(express(), { lifecycle });
  app.disable('x-powered-by');
  // JSON APIs: an ETag is a hash of every response body that no caller of ours revalidates with.
  app.disable('etag');

  app.use(closeConnectionsWhileDraining(lifecycle));
  app.use(requestLogging(options.logger));
  app.use(requestMetrics(options.metricsRegistry));
  app.use(jsonBodyParser(options.bodyLimit ?? '1mb', options.rawBodyFor ?? [], options.verifyRawBody));
  app.use(
    probeRoutes({
      service: options.service,
      lifecycle,
      readinessChecks: options.readinessChecks ?? [],
      readinessTimeoutMs: options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS,
      metricsRegistry: options.metricsRegistry,
    }),
  );
  options.routes?.(app);
  app.use(notFound);
  app.use(createErrorMapper(options.unavailable));
  return app;
}

/** Keep-alive clients learn to reconnect elsewhere instead of reusing a socket that is going away. */
function closeConnectionsWhileDraining(lifecycle: HttpLifecycle): RequestHandler {
  return (_req, res, next) => {
    if (lifecycle.draining) res.setHeader('connection', 'close');
    next();
  };
}
