import { channelStatusRevokesKey } from '@chatpilot/contracts';

import { evaluateActivation, RUNNING_STATUS } from '../domain/activation';
import type { OnboardingSession } from '../domain/session';
import { applyCommands } from './apply-commands';
import { type ChannelProgress, DependencyUnavailableError, type OnboardingStore } from './ports';
import { revokeKeyProvisionedMeanwhile } from './revoke-provisioned-key';
import type { SagaDeps } from './saga-deps';

/**
 * `activating`: completes the session once every channel is `running`, fails it when one broke
 * or ACTIVATION_TIMEOUT_SECONDS passed; a channel revoked or offboarded also loses the key this
 * session provisioned (revoke-provisioned-key). Statuses come from registry events, which may have
 * arrived long before this session got here (webhooks before the redirect); channels not yet
 * known to run, or whose number is not known yet, are also looked up in the registry.
 */
export async function checkActivation(deps: SagaDeps, store: OnboardingStore, session: OnboardingSession): Promise<void> {
  const { confirmed, progress } = await refreshFromRegistry(deps, store, session);
  const channelStatuses = new Map(session.channelIds.map((channelId) => [channelId, progress.get(channelId)?.status ?? null]));
  const now = deps.clock.now();
  const outcome = evaluateActivation({ channelStatuses, activatingAt: session.activatingAt ?? session.updatedAt, now, timeoutMs: deps.settings.activationTimeoutMs });
  if (outcome.kind === 'completed') {
    await applyCommands(store, deps.metrics, session, [{ kind: 'activation_completed', at: now }]);
  } else if (outcome.kind === 'failed') {
    const lost = [...channelStatuses].filter((entry): entry is [string, string] => entry[1] !== null && channelStatusRevokesKey(entry[1]));
    // A stored status the registry did not just confirm may be old news about a number onboarded again.
    if (lost.length > 0 && !confirmed) throw new DependencyUnavailableError('channel-registry', 'cannot confirm a lost channel before revoking its key; trying again later');
    const detail = outcome.channelId === undefined ? undefined : `(${outcome.channelId})`;
    await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: outcome.code, at: now, detail }]);
    for (const [channelId, status] of lost) await revokeKeyProvisionedMeanwhile(deps, channelId, status);
  }
}

/**
 * Best effort: a registry that does not answer only means waiting for its events. Answers what is
 * known of the channels afterwards, and whether the registry answered (`confirmed`).
 */
async function refreshFromRegistry(deps: SagaDeps, store: OnboardingStore, session: OnboardingSession): Promise<{ confirmed: boolean; progress: Map<string, ChannelProgress> }> {
  const known = await store.channels.findMany(session.channelIds);
  const unsettled = session.channelIds.filter((channelId) => known.get(channelId)?.status !== RUNNING_STATUS || !known.get(channelId)?.phoneNumber);
  if (unsettled.length === 0) return { confirmed: true, progress: known };
  const confirmed = await lookUpInRegistry(deps, store, session, unsettled);
  return { confirmed, progress: await store.channels.findMany(session.channelIds) };
}

async function lookUpInRegistry(deps: SagaDeps, store: OnboardingStore, session: OnboardingSession, channelIds: readonly string[]): Promise<boolean> {
  for (const channelId of channelIds) {
    try {
      const channel = await deps.registry.getChannel(session.tenantId, channelId);
      if (channel === undefined) continue;
      await store.channels.recordOwner(channelId, session.tenantId, channel.phoneNumber);
      if (channel.status !== null && channel.statusChangedAt !== null) await store.channels.recordStatus(channelId, channel.status, channel.statusChangedAt);
    } catch (error) {
      deps.logger.info({ err: error, session_id: session.id, channel_id: channelId }, 'channel status look-up failed; waiting for registry events');
      return false;
    }
  }
  return true;
}
