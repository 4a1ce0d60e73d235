import type { OnboardingSession } from '../../src/domain/session';

/** A pending session as start creates it, for unit tests of the domain rules. */
export function sessionFixture(overrides: Partial<OnboardingSession> = {}): OnboardingSession {
  const created = new Date('2026-01-01T09:00:00Z');
  return {
    id: 's1',
    tenantId: 't1',
    status: 'pending',
    version: 1,
    stateExpiresAt: new Date('2026-01-01T10:30:00Z'),
    stateUsedAt: null,
    prefill: {},
    idempotencyKey: null,
    requestFingerprint: 'f',
    clientId: null,
    channelIds: [],
    revokedChannelIds: [],
    callbackFingerprint: null,
    error: null,
    createdAt: created,
    updatedAt: created,
    callbackReceivedAt: null,
    channelsLinkedAt: null,
    activatingAt: null,
    completedAt: null,
    failedAt: null,
    ...overrides,
  };
}
