/** Why a tenant cannot start onboarding now; stable codes the frontend can match. */
const ELIGIBILITY_REASONS = {
  ONBOARDING_NOT_CONFIGURED: 'Onboarding is not configured on this ChatPilot installation.',
  DIALOG360_UNAVAILABLE: '360dialog cannot be reached right now. Please try again in a few minutes.',
  ACTIVE_SESSION_EXISTS: 'An onboarding session is already in progress; you can resume it.',
  CHANNEL_LIMIT_REACHED: 'The account already has the maximum number of WhatsApp numbers.',
  CHANNEL_COUNT_UNKNOWN: "The account's WhatsApp numbers cannot be counted right now. Please try again in a few minutes.",
  TENANT_DISABLED: 'Onboarding is disabled for this account.',
} as const;

export type EligibilityReasonCode = keyof typeof ELIGIBILITY_REASONS;

export interface EligibilityFacts {
  configured: boolean;
  dialog360Available: boolean;
  activeSessionId: string | undefined;
  /** undefined when channel-registry could not be asked. */
  channelCount: number | undefined;
  maxChannels: number;
  tenantDisabled: boolean;
}

export interface Eligibility {
  eligible: boolean;
  reasons: { code: EligibilityReasonCode; message: string }[];
  activeSessionId: string | undefined;
}

export function decideEligibility(facts: EligibilityFacts): Eligibility {
  const codes: EligibilityReasonCode[] = [];
  if (!facts.configured) codes.push('ONBOARDING_NOT_CONFIGURED');
  if (facts.tenantDisabled) codes.push('TENANT_DISABLED');
  if (!facts.dialog360Available) codes.push('DIALOG360_UNAVAILABLE');
  if (facts.activeSessionId !== undefined) codes.push('ACTIVE_SESSION_EXISTS');
  if (facts.channelCount === undefined) codes.push('CHANNEL_COUNT_UNKNOWN');
  else if (facts.channelCount >= facts.maxChannels) codes.push('CHANNEL_LIMIT_REACHED');
  return {
    eligible: codes.length === 0,
    reasons: codes.map((code) => ({ code, message: ELIGIBILITY_REASONS[code] })),
    activeSessionId: facts.activeSessionId,
  };
}
