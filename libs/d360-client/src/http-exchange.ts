import type { Logger } from '@chatpilot/logger';

import { D360ApiError, errorFromResponse, type RequestDescription } from './d360-api-error';

export interface HttpRequest {
  description: RequestDescription;
  url: URL;
  /** Auth headers included; they are sent and never logged or put in an error. */
  headers: Record<string, string>;
  body?: unknown;
  /** The caller's own cancellation (e.g. its gRPC deadline). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: unknown;
}

export interface ExchangeOptions {
  timeoutMs: number;
  fetchImpl: typeof fetch;
  logger: Logger;
}

/**
 * One HTTP attempt with its own deadline, covering the body download too. Every failure becomes a
 * D360ApiError saying whether another attempt could help.
 */
export async function exchange(request: HttpRequest, attempt: number, options: ExchangeOptions): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([timeout, request.signal]);
  const started = performance.now();
  const logRequest = (details: object): void => {
    const { api, method, pathTemplate } = request.description;
    const durationMs = Math.round(performance.now() - started);
    options.logger.debug({ d360: { api, method, path: pathTemplate, attempt, durationMs, ...details } }, '360dialog request');
  };

  let status: number | undefined;
  try {
    const response = await options.fetchImpl(request.url, requestInit(request, signal));
    status = response.status;
    const bodyText = await response.text();
    logRequest({ status });
    if (!response.ok) {
      throw errorFromResponse(request.description, { status, retryAfterHeader: response.headers.get('retry-after'), bodyText });
    }
    return { status, body: parseJsonBody(bodyText, request.description, status) };
  } catch (error) {
    if (error instanceof D360ApiError) throw error;
    const failure = transportFailure(error, request, timeout, status);
    logRequest({ status, failure: failure.code });
    throw failure;
  }
}

function requestInit(request: HttpRequest, signal: AbortSignal): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body === undefined) return { method: request.description.method, headers, signal };
  headers['content-type'] = 'application/json';
  return { method: request.description.method, headers, body: JSON.stringify(request.body), signal };
}

function parseJsonBody(bodyText: string, description: RequestDescription, status: number): unknown {
  if (bodyText.trim() === '') return undefined;
  try {
    return JSON.parse(bodyText) as unknown;
  } catch {
    // The unparsable text is deliberately not attached: it may be a key-bearing body cut short.
    throw new D360ApiError({ code: 'D360.BAD_RESPONSE', request: description, status, retryable: false, problem: `answered ${status} with a body that is not JSON` });
  }
}

/** No (complete) answer: our caller gave up, our deadline passed, or the connection failed. */
function transportFailure(error: unknown, request: HttpRequest, timeout: AbortSignal, status: number | undefined): D360ApiError {
  const { description } = request;
  const statusPart = status === undefined ? {} : { status };
  if (request.signal?.aborted && !timeout.aborted) {
    return new D360ApiError({ code: 'D360.ABORTED', request: description, ...statusPart, retryable: false, problem: 'was cancelled by the caller' });
  }
  if (timeout.aborted) {
    return new D360ApiError({ code: 'D360.TIMEOUT', request: description, ...statusPart, retryable: true, problem: 'did not answer in time' });
  }
  return new D360ApiError({
    code: 'D360.UNAVAILABLE',
    request: description,
    ...statusPart,
    retryable: true,
    problem: `failed to connect (${networkErrorCode(error)})`,
    cause: error,
  });
}

function networkErrorCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
