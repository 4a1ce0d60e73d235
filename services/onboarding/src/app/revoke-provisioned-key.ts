import type { SagaDeps } from './saga-deps';

/**
 * credential-vault revokes a channel's key when channel-registry says the channel is revoked or
 * offboarded, but a session's saga step may have provisioned the key after the vault found none,
 * and that session may already have failed over another of its numbers. So onboarding revokes
 * the key again for every such piece of news, and when the activation check learns of it: a step
 * in flight for the tenant finishes before these run (the consumer serialises a tenant's events,
 * and the session lock a step holds), so by now its key exists. Revoking an absent or revoked key
 * changes nothing; a vault that does not answer fails the caller's transaction, which is retried.
 */
export async function revokeKeyProvisionedMeanwhile(deps: Pick<SagaDeps, 'vault' | 'logger'>, channelId: string, channelStatus: string): Promise<void> {
  await deps.vault.revokeChannelKey(channelId, `channel ${channelStatus} (channel-registry)`);
  deps.logger.info({ channel_id: channelId, channel_status: channelStatus }, 'channel key revoked: the channel was lost while its session was setting it up');
}
