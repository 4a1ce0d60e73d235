/**
 * Every error code onboarding reports, in one place, with the message a person may be shown.
 * The codes are a contract: the frontend matches on them, so they never change meaning.
 */
const ERROR_MESSAGES = {
  // The 360dialog callback (redirected to FRONTEND_BASE_URL/onboarding/error?code=…).
  STATE_MISSING: 'The link back from 360dialog carried no onboarding state.',
  STATE_INVALID: 'The onboarding link is not valid.',
  STATE_EXPIRED: 'The onboarding link has expired. Please start again.',
  STATE_ALREADY_USED: 'This onboarding link was already used.',
  STATE_TENANT_MISMATCH: 'This onboarding link belongs to another account.',
  CALLBACK_INVALID: 'The answer from 360dialog could not be read.',
  TEMPORARILY_UNAVAILABLE: 'Onboarding is temporarily unavailable. Please try again in a moment.',

  // Why a session failed (session.error.code and onboarding.session.status_changed.error_code).
  EXPIRED: 'The onboarding link expired before it was used.',
  SUPERSEDED: 'A newer onboarding session replaced this one.',
  NO_CHANNELS: 'No WhatsApp number was shared with ChatPilot.',
  PERMISSION_REVOKED: 'Access to the WhatsApp number was withdrawn at 360dialog.',
  CHANNEL_OWNED_BY_OTHER_TENANT: 'This WhatsApp number is already connected to another ChatPilot account.',
  CHANNEL_LIMIT_REACHED: 'The account already has the maximum number of WhatsApp numbers.',
  ACTIVATION_TIMEOUT: 'WhatsApp did not activate the number in time.',
  CHANNEL_ERROR: '360dialog reported an error for the number.',
  CHANNEL_RESTRICTED: 'WhatsApp restricted or banned the number.',
  CHANNEL_OFFBOARDED: 'The number was disconnected from the WhatsApp Business Platform.',

  // The internal HTTP API.
  SESSION_NOT_FOUND: 'No such onboarding session.',
  ACTIVE_SESSION_EXISTS: 'An onboarding session is already in progress.',
  ONBOARDING_NOT_CONFIGURED: 'Onboarding is not configured.',
  TENANT_DISABLED: 'Onboarding is disabled for this account.',
  VALIDATION_FAILED: 'The request is not valid.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used with a different request.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Codes a failed session can carry. */
const SESSION_FAILURE_CODES = [
  'EXPIRED',
  'SUPERSEDED',
  'NO_CHANNELS',
  'PERMISSION_REVOKED',
  'CHANNEL_OWNED_BY_OTHER_TENANT',
  'CHANNEL_LIMIT_REACHED',
  'ACTIVATION_TIMEOUT',
  'CHANNEL_ERROR',
  'CHANNEL_RESTRICTED',
  'CHANNEL_OFFBOARDED',
] as const satisfies readonly ErrorCode[];
export type SessionFailureCode = (typeof SESSION_FAILURE_CODES)[number];

/** Codes the callback redirects to the error page with. */
export type CallbackErrorCode = Extract<
  ErrorCode,
  | 'STATE_MISSING'
  | 'STATE_INVALID'
  | 'STATE_EXPIRED'
  | 'STATE_ALREADY_USED'
  | 'STATE_TENANT_MISMATCH'
  | 'CALLBACK_INVALID'
  | 'TEMPORARILY_UNAVAILABLE'
  | 'SUPERSEDED'
  | 'NO_CHANNELS'
  | 'PERMISSION_REVOKED'
>;

export function messageOf(code: ErrorCode): string {
  return ERROR_MESSAGES[code];
}

export function isSessionFailureCode(value: string): value is SessionFailureCode {
  return (SESSION_FAILURE_CODES as readonly string[]).includes(value);
}
