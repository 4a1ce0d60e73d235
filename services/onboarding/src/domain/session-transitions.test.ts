import type { SessionStatus } from './session';
import { sessionFixture } from '../../test/support/session-fixture';
import { transition, type SessionCommand } from './session-transitions';

const at = new Date('2026-01-01T10:00:00Z');

const session = (status: SessionStatus) => sessionFixture({ status, version: 3 });

const grant = { clientId: 'c1', channelIds: ['ch1'], revokedChannelIds: [] };
const commands: Record<SessionCommand['kind'], SessionCommand> = {
  accept_callback: { kind: 'accept_callback', grant, at },
  channels_linked: { kind: 'channels_linked', at },
  keys_provisioned: { kind: 'keys_provisioned', at },
  activation_completed: { kind: 'activation_completed', at },
  fail: { kind: 'fail', code: 'ACTIVATION_TIMEOUT', at },
};

describe('session state machine', () => {
  it.each([
    ['pending', 'accept_callback', 'in_progress'],
    ['in_progress', 'channels_linked', 'channel_created'],
    ['channel_created', 'keys_provisioned', 'activating'],
    ['activating', 'activation_completed', 'completed'],
    ['pending', 'fail', 'failed'],
    ['in_progress', 'fail', 'failed'],
    ['channel_created', 'fail', 'failed'],
    ['activating', 'fail', 'failed'],
  ] as const)('moves %s on %s to %s and increments the version', (from, kind, to) => {
    const result = transition(session(from), commands[kind]);
    expect(result).toMatchObject({ ok: true, session: { status: to, version: 4, updatedAt: at }, change: { from, to } });
  });

  it.each([
    ['pending', 'channels_linked'],
    ['in_progress', 'accept_callback'],
    ['activating', 'keys_provisioned'],
    ['completed', 'fail'],
    ['failed', 'fail'],
    ['failed', 'accept_callback'],
  ] as const)('refuses %s on %s', (from, kind) => {
    expect(transition(session(from), commands[kind])).toMatchObject({ ok: false });
  });

  it('records the grant and consumes the state when the callback is accepted', () => {
    const result = transition(session('pending'), commands.accept_callback);
    expect(result.ok && result.session).toMatchObject({ stateUsedAt: at, callbackReceivedAt: at, clientId: 'c1', channelIds: ['ch1'] });
    expect(result.ok && result.session.callbackFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('carries the failure code into the session and the change', () => {
    const result = transition(session('activating'), { kind: 'fail', code: 'CHANNEL_ERROR', at, detail: '(ch1)' });
    expect(result).toMatchObject({
      ok: true,
      session: { failedAt: at, error: { code: 'CHANNEL_ERROR', message: expect.stringContaining('(ch1)') } },
      change: { errorCode: 'CHANNEL_ERROR' },
    });
  });
});
