/** Every expected failure of webhook-ingest, as stable codes; the HTTP error mapper owns the statuses. */
export const WebhookErrorCode = {
  UNSUPPORTED_CONTENT_TYPE: 'WEBHOOK.UNSUPPORTED_CONTENT_TYPE',
  SIGNATURE_MISSING: 'WEBHOOK.SIGNATURE_MISSING',
  SIGNATURE_INVALID: 'WEBHOOK.SIGNATURE_INVALID',
  INVALID_ENVELOPE: 'WEBHOOK.INVALID_ENVELOPE',
  INVALID_CHANNEL_ID: 'WEBHOOK.INVALID_CHANNEL_ID',
  UNSTORABLE_PAYLOAD: 'WEBHOOK.UNSTORABLE_PAYLOAD',
  STORAGE_UNAVAILABLE: 'WEBHOOK.STORAGE_UNAVAILABLE',
  EVENT_NOT_FOUND: 'WEBHOOK.EVENT_NOT_FOUND',
} as const;

export type WebhookErrorCode = (typeof WebhookErrorCode)[keyof typeof WebhookErrorCode];

/** An expected failure: a stable code plus a message that is safe to send to the caller. */
export interface WebhookError {
  code: WebhookErrorCode;
  message: string;
}

export function webhookError(code: WebhookErrorCode, message: string): WebhookError {
  return { code, message };
}
