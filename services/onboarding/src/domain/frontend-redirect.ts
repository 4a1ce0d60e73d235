import type { CallbackRedirect } from './callback-decision';

/**
 * The only places the callback sends a browser: FRONTEND_BASE_URL's success or error page
 * (never a URL taken from the request — RFC 9700 forbids open redirectors).
 */
export function frontendRedirectUrl(frontendBaseUrl: string, redirect: CallbackRedirect): string {
  const base = frontendBaseUrl.replace(/\/+$/, '');
  return redirect.kind === 'success'
    ? `${base}/onboarding/success?session_id=${encodeURIComponent(redirect.sessionId)}`
    : `${base}/onboarding/error?code=${encodeURIComponent(redirect.code)}`;
}
