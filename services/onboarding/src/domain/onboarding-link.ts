import type { OnboardingPrefill } from './start-request';

export const CALLBACK_PATH = '/onboarding/360/callback';

export interface OnboardingLinkInput {
  /** DIALOG360_ONBOARDING_URL, e.g. https://hub.360dialog.com/dashboard/app/{partner_id}/permissions */
  permissionPageUrl: string;
  publicBaseUrl: string;
  stateToken: string;
  prefill: OnboardingPrefill;
}

/**
 * 360dialog's hosted permission page with our state (DESIGN.md §1 step 2). 360dialog does not
 * document echoing `state`, so the token also rides inside `redirect_url`.
 */
export function buildOnboardingUrl(input: OnboardingLinkInput): string {
  const url = new URL(input.permissionPageUrl);
  url.searchParams.set('state', input.stateToken);
  url.searchParams.set('redirect_url', callbackUrl(input.publicBaseUrl, input.stateToken));
  const { phoneNumber, email, name, lang } = input.prefill;
  if (phoneNumber !== undefined) url.searchParams.set('number', phoneNumber);
  if (email !== undefined) url.searchParams.set('email', email);
  if (name !== undefined) url.searchParams.set('name', name);
  if (lang !== undefined) url.searchParams.set('lang', lang);
  return url.toString();
}

function callbackUrl(publicBaseUrl: string, stateToken: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}?state=${encodeURIComponent(stateToken)}`;
}

/** `{partner_id}` in DIALOG360_ONBOARDING_URL is filled from DIALOG360_PARTNER_ID; undefined when it cannot be. */
export function resolvePermissionPageUrl(template: string | undefined, partnerId: string | undefined): string | undefined {
  if (template === undefined) return undefined;
  if (!template.includes('{partner_id}')) return template;
  return partnerId === undefined ? undefined : template.replaceAll('{partner_id}', encodeURIComponent(partnerId));
}
