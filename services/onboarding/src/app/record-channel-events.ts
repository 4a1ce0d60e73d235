import { channelStatusRevokesKey } from '@chatpilot/contracts';

import { failureForChannelStatus } from '../domain/activation';
import type { SessionStatus } from '../domain/session';
import { applyCommands } from './apply-commands';
import { checkActivation } from './check-activation';
import { revokeKeyProvisionedMeanwhile } from './revoke-provisioned-key';
import type { OnboardingStore } from './ports';
import type { SagaDeps } from './saga-deps';

/** Sessions whose saga step may have provisioned a key while news that revokes it was on its way. */
const PROVISIONING_STATUSES: readonly SessionStatus[] = ['channel_created', 'activating'];

/**
 * `registry.channel.status_changed`: kept per channel whether or not a session is waiting for it
 * yet (360dialog's webhooks may come before the redirect), then every `activating` session with
 * the channel is re-evaluated. A status that revokes the channel's key (offboarded, revoked) also
 * fails a session that has not got there yet, and revokes the key a step may have provisioned,
 * unless it is old news: a newer status is known (the number was onboarded again since, and a
 * late or replayed event must not switch off its new key).
 */
export async function recordChannelStatus(
  deps: SagaDeps,
  store: OnboardingStore,
  change: { channelId: string; status: string; changedAt: Date },
): Promise<void> {
  const revokesKey = channelStatusRevokesKey(change.status);
  // Sessions are locked before the channel row, the order every saga step uses, so the two never deadlock.
  const sessions = await store.sessions.lockWithChannel(change.channelId, revokesKey ? PROVISIONING_STATUSES : ['activating']);
  const latest = await store.channels.recordStatus(change.channelId, change.status, change.changedAt);
  for (const session of sessions) {
    if (session.status === 'activating') {
      await checkActivation(deps, store, session);
    } else if (latest) {
      const code = failureForChannelStatus(change.status) ?? 'CHANNEL_ERROR';
      await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code, at: deps.clock.now(), detail: `(${change.channelId})` }]);
    }
  }
  if (revokesKey && latest) await revokeKeyProvisionedMeanwhile(deps, change.channelId, change.status);
}

/**
 * `registry.channel.revoked`: the number can no longer be used, so a session still setting it
 * up fails with PERMISSION_REVOKED, and a key it may have provisioned is revoked; old news (a
 * newer status is known) changes nothing.
 */
export async function recordChannelRevoked(deps: SagaDeps, store: OnboardingStore, revoked: { channelId: string; at: Date }): Promise<void> {
  const sessions = await store.sessions.lockWithChannel(revoked.channelId, PROVISIONING_STATUSES);
  if (!(await store.channels.recordStatus(revoked.channelId, 'revoked', revoked.at))) return;
  for (const session of sessions) {
    await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: 'PERMISSION_REVOKED', at: deps.clock.now(), detail: `(${revoked.channelId})` }]);
  }
  await revokeKeyProvisionedMeanwhile(deps, revoked.channelId, 'revoked');
}
