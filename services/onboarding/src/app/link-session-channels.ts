import { exceedsChannelLimit } from '../domain/channel-limit';
import type { OnboardingSession } from '../domain/session';
import { applyCommands } from './apply-commands';
import { ChannelRegistryRefusedError, type OnboardingStore } from './ports';
import type { SagaDeps } from './saga-deps';
import { channelsLinkedEvent } from './session-events';

const REVOCATION_REASON = 'permission withdrawn at 360dialog (onboarding callback)';

/**
 * `in_progress`: withdraw what the client revoked, then link the granted channels to the tenant in
 * channel-registry → `channel_created` (+ onboarding.session.channels_linked), or `failed`. A
 * request the registry refuses outright fails the session (CHANNEL_ERROR): retrying it would keep
 * the session `in_progress` for ever.
 */
export async function linkSessionChannels(deps: SagaDeps, store: OnboardingStore, session: OnboardingSession): Promise<void> {
  try {
    await linkOrFail(deps, store, session);
  } catch (error) {
    if (!(error instanceof ChannelRegistryRefusedError)) throw error;
    deps.logger.warn({ err: error, session_id: session.id }, 'channel-registry refused the session channels');
    await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: 'CHANNEL_ERROR', at: deps.clock.now(), detail: '(refused by channel-registry)' }]);
  }
}

async function linkOrFail(deps: SagaDeps, store: OnboardingStore, session: OnboardingSession): Promise<void> {
  const at = deps.clock.now();
  await revokeWithdrawnChannels(deps, session);
  if (session.channelIds.length === 0) {
    await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: 'PERMISSION_REVOKED', at }]);
    return;
  }
  const existing = await deps.registry.listTenantChannels(session.tenantId);
  if (exceedsChannelLimit(existing, session.channelIds, deps.settings.maxChannelsPerTenant)) {
    await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: 'CHANNEL_LIMIT_REACHED', at }]);
    return;
  }
  const clientId = requireClientId(session);
  const outcomes = await deps.registry.linkChannels({ tenantId: session.tenantId, sessionId: session.id, clientId, channelIds: session.channelIds });
  const taken = session.channelIds.filter((channelId) => outcomes.get(channelId) === 'owned_by_other_tenant');
  if (taken.length > 0) {
    await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: 'CHANNEL_OWNED_BY_OTHER_TENANT', at, detail: `(${taken.join(', ')})` }]);
    return;
  }
  const unanswered = session.channelIds.filter((channelId) => !outcomes.has(channelId));
  if (unanswered.length > 0) throw new Error(`channel-registry did not answer for ${unanswered.join(', ')}`);
  for (const channelId of session.channelIds) await store.channels.recordOwner(channelId, session.tenantId, null);
  await applyCommands(store, deps.metrics, session, [{ kind: 'channels_linked', at }], {
    extraEvents: (linked) => [channelsLinkedEvent(linked, clientId)],
  });
}

/**
 * Tells the registry and the vault about channels the client withdrew. The registry revokes only
 * the tenant's own channels: the redirect's parameters are not authenticated, and a forged
 * `revoked=[…]` must not switch off another tenant's number — so only those reach the vault.
 */
async function revokeWithdrawnChannels(deps: SagaDeps, session: OnboardingSession): Promise<void> {
  if (session.revokedChannelIds.length === 0) return;
  const revoked = await deps.registry.markRevoked(session.tenantId, session.revokedChannelIds, REVOCATION_REASON);
  for (const channelId of revoked) await deps.vault.revokeChannelKey(channelId, REVOCATION_REASON);
  const ignored = session.revokedChannelIds.filter((channelId) => !revoked.includes(channelId));
  if (ignored.length > 0) deps.logger.warn({ session_id: session.id, channel_ids: ignored }, 'ignored revocations of channels the tenant does not own');
}

function requireClientId(session: OnboardingSession): string {
  if (session.clientId === null) throw new Error(`session ${session.id} has channels but no client id`);
  return session.clientId;
}
