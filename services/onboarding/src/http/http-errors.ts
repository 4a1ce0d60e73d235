import { HttpError } from '@chatpilot/http';

import { messageOf, type ErrorCode } from '../domain/error-codes';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  SESSION_NOT_FOUND: 404,
  ACTIVE_SESSION_EXISTS: 409,
  CHANNEL_LIMIT_REACHED: 409,
  ONBOARDING_NOT_CONFIGURED: 503,
  TENANT_DISABLED: 403,
  VALIDATION_FAILED: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
};

/** The one mapping from onboarding's error codes to HTTP answers (the shared error mapper renders them). */
export function httpError(code: ErrorCode, details?: unknown): HttpError {
  return new HttpError(STATUS_BY_CODE[code] ?? 400, code, messageOf(code), details);
}
