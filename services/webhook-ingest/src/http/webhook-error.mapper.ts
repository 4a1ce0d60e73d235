import { HttpError } from '@chatpilot/http';
import type { Response } from 'express';

import { WebhookErrorCode, type WebhookError } from '../domain/webhook-errors';

const STATUS_BY_CODE: Readonly<Record<WebhookErrorCode, number>> = {
  [WebhookErrorCode.UNSUPPORTED_CONTENT_TYPE]: 400,
  [WebhookErrorCode.SIGNATURE_MISSING]: 401,
  [WebhookErrorCode.SIGNATURE_INVALID]: 401,
  [WebhookErrorCode.INVALID_ENVELOPE]: 400,
  [WebhookErrorCode.INVALID_CHANNEL_ID]: 400,
  [WebhookErrorCode.UNSTORABLE_PAYLOAD]: 400,
  [WebhookErrorCode.STORAGE_UNAVAILABLE]: 503,
  [WebhookErrorCode.EVENT_NOT_FOUND]: 404,
};

/** The one place webhook error codes become HTTP; a 503 tells the sender when to come back. */
export function toHttpError(error: WebhookError, res: Response, retryAfterSeconds: number): HttpError {
  const status = STATUS_BY_CODE[error.code];
  if (status === 503) res.setHeader('Retry-After', String(retryAfterSeconds));
  return new HttpError(status, error.code, error.message);
}
