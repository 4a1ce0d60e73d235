/**
 * What the demo tells a person for each error code onboarding reports (the codes are onboarding's
 * contract; the wording is the frontend's own, as it would be in ChatPilot's frontend).
 */
export interface ErrorText {
  title: string;
  detail: string;
  /** Whether starting again can help. */
  retry: boolean;
}

export const ERROR_TEXTS: Readonly<Record<string, ErrorText>> = {
  // The 360dialog callback redirects here with these.
  STATE_MISSING: { title: 'The link back from 360dialog was incomplete', detail: 'It carried no onboarding reference, so we cannot tell which connection it belongs to.', retry: true },
  STATE_INVALID: { title: 'This onboarding link is not valid', detail: 'It may have been copied incompletely or changed on the way.', retry: true },
  STATE_EXPIRED: { title: 'This onboarding link has expired', detail: 'Links are valid for 30 minutes. Start again to get a fresh one.', retry: true },
  STATE_ALREADY_USED: { title: 'This onboarding link was already used', detail: 'Each link works once. If your number is not connected yet, start again.', retry: true },
  STATE_TENANT_MISMATCH: { title: 'This link belongs to another account', detail: 'Sign in with the ChatPilot account that started the connection and try again.', retry: false },
  CALLBACK_INVALID: { title: 'We could not read the answer from 360dialog', detail: 'The redirect back to ChatPilot was malformed.', retry: true },
  TEMPORARILY_UNAVAILABLE: { title: 'Onboarding is temporarily unavailable', detail: 'Something on our side did not answer in time. Please try again in a moment.', retry: true },
  SUPERSEDED: { title: 'A newer connection attempt replaced this one', detail: 'Only the most recent "Connect WhatsApp" counts. Follow that one, or start again.', retry: true },
  NO_CHANNELS: { title: 'No WhatsApp number was shared', detail: 'On the 360dialog page, enter at least one number and grant ChatPilot access to it.', retry: true },
  PERMISSION_REVOKED: { title: 'Access to the number was withdrawn', detail: 'The permission for this number was removed at 360dialog.', retry: true },
  // Why a session failed.
  EXPIRED: { title: 'The connection was not completed in time', detail: 'The link expired before 360dialog sent you back to ChatPilot.', retry: true },
  CHANNEL_OWNED_BY_OTHER_TENANT: { title: 'This number is connected to another ChatPilot account', detail: 'A WhatsApp number can belong to one account only. Disconnect it there first.', retry: false },
  CHANNEL_LIMIT_REACHED: { title: 'Your account has reached its number limit', detail: 'Disconnect a number you no longer use, or ask us to raise the limit.', retry: false },
  ACTIVATION_TIMEOUT: { title: 'WhatsApp did not activate the number in time', detail: 'Activation usually takes minutes. Check the number in the 360dialog hub and try again.', retry: true },
  CHANNEL_ERROR: { title: '360dialog reported a problem with the number', detail: 'Check the number in the 360dialog hub, then try again.', retry: true },
  CHANNEL_RESTRICTED: { title: 'WhatsApp restricted this number', detail: 'Meta restricted or banned the number; it cannot send messages through ChatPilot.', retry: false },
  CHANNEL_OFFBOARDED: { title: 'The number was disconnected', detail: 'It was removed from the WhatsApp Business Platform.', retry: true },
  // Starting a connection.
  ACTIVE_SESSION_EXISTS: { title: 'A connection is already in progress', detail: 'Finish or cancel the running one first.', retry: false },
  ONBOARDING_NOT_CONFIGURED: { title: 'WhatsApp onboarding is not set up', detail: 'The 360dialog partner settings are missing on the server.', retry: false },
  TENANT_DISABLED: { title: 'WhatsApp onboarding is switched off for your account', detail: 'Contact support to have it switched on.', retry: false },
  VALIDATION_FAILED: { title: 'Please check your entries', detail: 'Enter one number in international format, e.g. +49 151 12345678; you can add more numbers on the 360dialog page.', retry: true },
  IDEMPOTENCY_KEY_REUSED: { title: 'That request was sent twice with different content', detail: 'Please start again.', retry: true },
  SESSION_NOT_FOUND: { title: 'We cannot find this connection', detail: 'It may belong to another account or browser.', retry: true },
};

export const UNKNOWN_ERROR: ErrorText = { title: 'Something went wrong', detail: 'The connection could not be completed.', retry: true };

export function errorTextOf(code: string): ErrorText {
  return ERROR_TEXTS[code] ?? UNKNOWN_ERROR;
}
