import type { OnboardingSession, SessionStatus } from '../domain/session';
import { applyCommands } from './apply-commands';
import { checkActivation } from './check-activation';
import type { OnboardingStore } from './ports';
import type { SagaDeps } from './saga-deps';

/**
 * `registry.channel.status_changed`: kept per channel whether or not a session is waiting for it
 * yet (360dialog's webhooks may come before the redirect), then every `activating` session with
 * the channel is re-evaluated.
 */
export async function recordChannelStatus(
  deps: SagaDeps,
  store: OnboardingStore,
  change: { channelId: string; status: string; changedAt: Date },
): Promise<void> {
  const sessions = await lockSessionsWithChannel(store, change.channelId, ['activating']);
  await store.channels.recordStatus(change.channelId, change.status, change.changedAt);
  for (const session of sessions) await checkActivation(deps, store, session);
}

/**
 * `registry.channel.revoked`: the number can no longer be used, so a session still setting it
 * up fails with PERMISSION_REVOKED.
 */
export async function recordChannelRevoked(deps: SagaDeps, store: OnboardingStore, revoked: { channelId: string; at: Date }): Promise<void> {
  const sessions = await lockSessionsWithChannel(store, revoked.channelId, ['channel_created', 'activating']);
  await store.channels.recordStatus(revoked.channelId, 'revoked', revoked.at);
  for (const session of sessions) {
    await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: 'PERMISSION_REVOKED', at: deps.clock.now(), detail: `(${revoked.channelId})` }]);
  }
}

/** Sessions are locked before the channel row, the order every saga step uses, so the two never deadlock. */
async function lockSessionsWithChannel(store: OnboardingStore, channelId: string, statuses: readonly SessionStatus[]): Promise<OnboardingSession[]> {
  const locked: OnboardingSession[] = [];
  for (const sessionId of await store.sessions.findIdsWithChannel(channelId, statuses)) {
    const session = await store.sessions.findById(sessionId, 'wait');
    if (session !== undefined && statuses.includes(session.status)) locked.push(session);
  }
  return locked;
}
