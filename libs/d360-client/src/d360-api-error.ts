import { redactSecretsInText } from '@chatpilot/logger';
import { parseRetryAfter } from '@chatpilot/resilience';

export type D360ErrorCode =
  | 'D360.BAD_REQUEST'
  | 'D360.UNAUTHORIZED'
  | 'D360.FORBIDDEN'
  | 'D360.NOT_FOUND'
  | 'D360.REJECTED'
  | 'D360.RATE_LIMITED'
  | 'D360.UNAVAILABLE'
  | 'D360.TIMEOUT'
  | 'D360.BAD_RESPONSE'
  | 'D360.ABORTED';

/** Which call failed, by its path template (`/partners/{partner_id}/…`) so no id or key leaks. */
export interface RequestDescription {
  api: 'Partner API' | 'Messaging API';
  method: string;
  pathTemplate: string;
}

export interface D360ApiErrorInit {
  code: D360ErrorCode;
  request: RequestDescription;
  /** HTTP status, absent when no response arrived. */
  status?: number;
  retryable: boolean;
  retryAfterMs?: number;
  /** 360dialog's own explanation from an error body, shortened and censored. */
  detail?: string;
  cause?: unknown;
  /** Replaces the default "answered <status>" part of the message. */
  problem?: string;
}

/**
 * A failed 360dialog call. The message names the call by method and path template only: never a
 * header, key, token or response body, so it is safe in logs and error responses.
 */
export class D360ApiError extends Error {
  readonly code: D360ErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly detail: string | undefined;
  readonly request: RequestDescription;

  constructor(init: D360ApiErrorInit) {
    const { api, method, pathTemplate } = init.request;
    const problem = init.problem ?? `answered ${init.status ?? 'nothing'}`;
    super(`360dialog ${api} ${method} ${pathTemplate} ${problem} (${init.code})`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'D360ApiError';
    this.code = init.code;
    this.status = init.status;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
    this.detail = init.detail;
    this.request = init.request;
  }
}

export function codeForStatus(status: number): D360ErrorCode {
  if (status === 400 || status === 422) return 'D360.BAD_REQUEST';
  if (status === 401) return 'D360.UNAUTHORIZED';
  if (status === 403) return 'D360.FORBIDDEN';
  if (status === 404) return 'D360.NOT_FOUND';
  if (status === 429) return 'D360.RATE_LIMITED';
  if (status >= 500) return 'D360.UNAVAILABLE';
  return 'D360.REJECTED';
}

export interface ErrorResponse {
  status: number;
  retryAfterHeader: string | null;
  bodyText: string;
}

/** The error for a non-2xx answer: 429 and 5xx are worth another attempt, other 4xx are not. */
export function errorFromResponse(request: RequestDescription, response: ErrorResponse, now: number = Date.now()): D360ApiError {
  const { status } = response;
  const retryAfterMs = parseRetryAfter(response.retryAfterHeader ?? undefined, now);
  return new D360ApiError({
    code: codeForStatus(status),
    request,
    status,
    retryable: status === 429 || status >= 500,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...optionalDetail(response.bodyText),
  });
}

/**
 * True for outcomes that say nothing about 360dialog's health — it answered, and refused this
 * request (4xx other than 429), or our own caller gave up — so they never trip the breaker.
 */
export function isBreakerNeutral(error: unknown): boolean {
  if (!(error instanceof D360ApiError)) return false;
  if (error.code === 'D360.ABORTED') return true;
  return error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429;
}

export function isRetryableD360Error(error: unknown): boolean {
  return error instanceof D360ApiError && error.retryable;
}

export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof D360ApiError ? error.retryAfterMs : undefined;
}

const MAX_DETAIL_LENGTH = 200;

function optionalDetail(bodyText: string): { detail?: string } {
  const detail = explanationIn(bodyText);
  if (detail === undefined) return {};
  return { detail: redactSecretsInText(detail).slice(0, MAX_DETAIL_LENGTH) };
}

/**
 * Only the human explanation is kept from an error body: 360dialog's hub shape
 * `{meta: {developer_message}}` or the Cloud API shape `{error: {message, error_data: {details}}}`.
 */
export function explanationIn(bodyText: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const hubMessage = stringAt(body, ['meta', 'developer_message']);
  if (hubMessage !== undefined) return hubMessage;
  const graphMessage = stringAt(body, ['error', 'message']);
  const graphDetails = stringAt(body, ['error', 'error_data', 'details']);
  if (graphMessage === undefined) return graphDetails;
  return graphDetails === undefined ? graphMessage : `${graphMessage}: ${graphDetails}`;
}

function stringAt(value: unknown, path: readonly string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' && current.trim() !== '' ? current : undefined;
}
