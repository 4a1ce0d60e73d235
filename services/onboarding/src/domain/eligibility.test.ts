import { decideEligibility, type EligibilityFacts } from './eligibility';

const eligibleFacts: EligibilityFacts = {
  configured: true,
  dialog360Available: true,
  activeSessionId: undefined,
  channelCount: 0,
  maxChannels: 2,
  tenantDisabled: false,
};
const codes = (facts: Partial<EligibilityFacts>) => decideEligibility({ ...eligibleFacts, ...facts }).reasons.map((reason) => reason.code);

describe('decideEligibility', () => {
  it('is eligible without reasons', () => {
    expect(decideEligibility(eligibleFacts)).toEqual({ eligible: true, reasons: [], activeSessionId: undefined });
  });

  it.each([
    [{ configured: false }, 'ONBOARDING_NOT_CONFIGURED'],
    [{ dialog360Available: false }, 'DIALOG360_UNAVAILABLE'],
    [{ activeSessionId: 's1' }, 'ACTIVE_SESSION_EXISTS'],
    [{ channelCount: 2 }, 'CHANNEL_LIMIT_REACHED'],
    [{ channelCount: undefined }, 'CHANNEL_COUNT_UNKNOWN'],
    [{ tenantDisabled: true }, 'TENANT_DISABLED'],
  ] as const)('gives the reason for %j', (facts, code) => {
    expect(codes(facts)).toEqual([code]);
    expect(decideEligibility({ ...eligibleFacts, ...facts }).eligible).toBe(false);
  });

  it('returns the active session so the frontend can resume it', () => {
    expect(decideEligibility({ ...eligibleFacts, activeSessionId: 's1' }).activeSessionId).toBe('s1');
  });
});
