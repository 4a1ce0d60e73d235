import { STATUS_CODES } from 'node:http';

import type { ErrorRequestHandler, RequestHandler } from 'express';

import { HttpError } from './http-error';

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

const INTERNAL: ErrorResponse = { status: 500, body: { code: 'INTERNAL', message: 'Internal server error' } };

// body-parser errors carry a `type`; their messages may quote the body, so none is ever forwarded.
const BODY_PARSER_ERRORS: Readonly<Record<string, ErrorResponse>> = {
  'entity.parse.failed': { status: 400, body: { code: 'MALFORMED_JSON', message: 'Request body is not valid JSON' } },
  'entity.too.large': { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' } },
};

// The router raises a URIError (status 400, not exposed) for a path parameter that is not valid
// percent-encoding; its message quotes the parameter, so a fixed one is sent instead.
const MALFORMED_URI: ErrorResponse = { status: 400, body: { code: 'MALFORMED_URI', message: 'Request path is not valid percent-encoding' } };

/** Maps anything thrown or passed to next() to a status and a body that reveals no internals. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof HttpError) {
    const body: ErrorBody = { code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return { status: error.status, body };
  }
  if (error instanceof URIError && (error as { status?: unknown }).status === 400) return MALFORMED_URI;
  const { type, status } = clientErrorFields(error);
  const bodyParserError = type === undefined ? undefined : BODY_PARSER_ERRORS[type];
  if (bodyParserError) return bodyParserError;
  if (status !== undefined) return genericErrorBody(status);
  return INTERNAL;
}

/** Fields of the http-errors that express middleware raise for bad requests (`expose` marks them safe). */
function clientErrorFields(error: unknown): { type?: string; status?: number } {
  if (typeof error !== 'object' || error === null) return {};
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  const isClientStatus = typeof status === 'number' && status >= 400 && status < 500 && expose === true;
  return { type: typeof type === 'string' ? type : undefined, status: isClientStatus ? status : undefined };
}

/** `{ code: 'BAD_REQUEST', message }` for a status: the code is its reason phrase in upper snake case. */
export function genericErrorBody(status: number, message?: string): ErrorResponse {
  const reason = STATUS_CODES[status] ?? 'Bad Request';
  return { status, body: { code: reason.toUpperCase().replace(/[^A-Z0-9]+/g, '_'), message: message ?? reason } };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, 'NOT_FOUND', 'Route not found'));
};

export interface UnavailableErrors {
  /** Errors of a dependency that is down for now (e.g. the database unreachable): 503, not 500. */
  when: (error: unknown) => boolean;
  /** Defaults to 5. */
  retryAfterSeconds?: number;
}

const DEFAULT_RETRY_AFTER_SECONDS = 5;
const UNAVAILABLE: ErrorBody = { code: 'SERVICE_UNAVAILABLE', message: 'A dependency is unavailable; retry later' };

/** The one place that turns errors into `{ error: { code, message } }`. */
export function createErrorMapper(unavailable?: UnavailableErrors): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const isUnavailable = unavailable !== undefined && !(error instanceof HttpError) && unavailable.when(error);
    const { status, body } = isUnavailable ? { status: 503, body: UNAVAILABLE } : toErrorResponse(error);
    if (isUnavailable) res.setHeader('Retry-After', String(unavailable.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
    // request-logging writes the response line with this error (request id included, secrets censored).
    if (status >= 500) res.err = error instanceof Error ? error : new Error(`non-Error value thrown (${typeof error})`);
    res.status(status).json({ error: body });
  };
}
