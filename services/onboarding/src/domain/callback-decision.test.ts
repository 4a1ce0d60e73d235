import { decideCallback } from './callback-decision';
import { fingerprintGrant } from './callback-fingerprint';
import type { OnboardingSession } from './session';
import { sessionFixture } from '../../test/support/session-fixture';

const now = new Date('2026-01-01T10:00:00Z');
const grant = { clientId: 'c1', channelIds: ['ch1', 'ch2'], revokedChannelIds: [] };

const pending = (overrides: Partial<OnboardingSession> = {}) => sessionFixture(overrides);

const used = (g = grant) => pending({ status: 'in_progress', stateUsedAt: now, callbackFingerprint: fingerprintGrant(g) });

describe('decideCallback', () => {
  it('accepts a valid state and answers the success page', () => {
    expect(decideCallback({ session: pending(), grant, now })).toMatchObject({
      kind: 'accept',
      commands: [{ kind: 'accept_callback' }],
      redirect: { kind: 'success', sessionId: 's1' },
    });
  });

  it('fails the session with NO_CHANNELS when nothing was granted', () => {
    const decision = decideCallback({ session: pending(), grant: { clientId: 'c1', channelIds: [], revokedChannelIds: [] }, now });
    expect(decision).toMatchObject({
      kind: 'accept',
      commands: [{ kind: 'accept_callback' }, { kind: 'fail', code: 'NO_CHANNELS' }],
      redirect: { kind: 'error', code: 'NO_CHANNELS' },
    });
  });

  it('answers PERMISSION_REVOKED when only revocations came, and still accepts them to act on', () => {
    const decision = decideCallback({ session: pending(), grant: { clientId: 'c1', channelIds: [], revokedChannelIds: ['old'] }, now });
    expect(decision).toMatchObject({ kind: 'accept', commands: [{ kind: 'accept_callback' }], redirect: { kind: 'error', code: 'PERMISSION_REVOKED' } });
  });

  it('repeats the first answer for the same callback, whatever the order of its channels', () => {
    const decision = decideCallback({ session: used(), grant: { ...grant, channelIds: ['ch2', 'ch1'] }, now });
    expect(decision).toEqual({ kind: 'repeat', redirect: { kind: 'success', sessionId: 's1' } });
  });

  it('refuses a used state with other values', () => {
    expect(decideCallback({ session: used(), grant: { ...grant, channelIds: ['ch3'] }, now })).toEqual({ kind: 'reject', code: 'STATE_ALREADY_USED' });
  });

  it.each([
    ['an unknown state', undefined, undefined, 'STATE_INVALID'],
    ['an expired state', pending({ stateExpiresAt: now }), undefined, 'STATE_EXPIRED'],
    ['a session the sweeper expired', pending({ status: 'failed', error: { code: 'EXPIRED', message: '' } }), undefined, 'STATE_EXPIRED'],
    ['a superseded session', pending({ status: 'failed', error: { code: 'SUPERSEDED', message: '' } }), undefined, 'SUPERSEDED'],
    ['another tenant vouched for by the backend', pending(), 't2', 'STATE_TENANT_MISMATCH'],
  ] as const)('refuses %s', (_case, session, tenantHint, code) => {
    expect(decideCallback({ session, grant, now, ...(tenantHint ? { tenantHint } : {}) })).toEqual({ kind: 'reject', code });
  });

  it('accepts when the vouched-for tenant is the session tenant', () => {
    expect(decideCallback({ session: pending(), grant, now, tenantHint: 't1' })).toMatchObject({ kind: 'accept' });
  });
});
