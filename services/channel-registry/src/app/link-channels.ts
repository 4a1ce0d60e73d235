import { type Channel, type ChannelLink, newlyLinkedChannel } from '../domain/channel';
import { REGISTRY_ERROR_CODES } from '../domain/errors';
import type { Clock, RegistryTransaction, UnitOfWork } from './ports';
import { channelLinked, channelStatusChanged } from './registry-events';

export interface LinkChannelsCommand {
  tenantId: string;
  sessionId: string | null;
  clientId: string;
  channelIds: readonly string[];
}

export type ChannelLinkResult =
  | { channelId: string; outcome: 'linked' | 'already_linked' }
  | { channelId: string; outcome: 'conflict'; errorCode: typeof REGISTRY_ERROR_CODES.channelOwnedByOtherTenant };

/**
 * Links the channels to the tenant in one transaction with their `registry.channel.linked`
 * events. The insert is the decision (ON CONFLICT on the channel id), so of two concurrent calls
 * for one channel exactly one links it and announces it; the other waits and sees the row.
 * Results come back in request order, one per distinct channel id.
 */
export async function linkChannels(deps: { unitOfWork: UnitOfWork; clock: Clock }, command: LinkChannelsCommand): Promise<ChannelLinkResult[]> {
  const channelIds = [...new Set(command.channelIds)];
  const linkedAt = deps.clock.now();
  const results = await deps.unitOfWork.run(async (transaction) => {
    const byChannel = new Map<string, ChannelLinkResult>();
    // A fixed lock order keeps two requests over the same channels from deadlocking.
    for (const channelId of [...channelIds].sort()) {
      const link: ChannelLink = { tenantId: command.tenantId, channelId, clientId: command.clientId, onboardingSessionId: command.sessionId, linkedAt };
      byChannel.set(channelId, await linkChannel(transaction, link));
    }
    return byChannel;
  });
  return channelIds.map((channelId) => results.get(channelId)!);
}

async function linkChannel(transaction: RegistryTransaction, link: ChannelLink): Promise<ChannelLinkResult> {
  const { channelId } = link;
  if (await transaction.channels.insertIfAbsent(link)) return announceLink(transaction, newlyLinkedChannel(link));
  const owner = await transaction.channels.findOwner(channelId);
  if (owner === undefined) throw new Error(`channel ${channelId} conflicted on insert but has no row`);
  if (owner !== link.tenantId) return { channelId, outcome: 'conflict', errorCode: REGISTRY_ERROR_CODES.channelOwnedByOtherTenant };
  // The client granted a channel again after revoking it: a new link, announced as one, and the
  // status change with it, so no one keeps acting on the old `revoked`.
  const relinked = await transaction.channels.relinkIfRevoked(link);
  if (relinked === undefined) return { channelId, outcome: 'already_linked' };
  await transaction.publish(channelStatusChanged(relinked, { from: 'revoked', to: relinked.status, rawStatus: 'unknown', at: relinked.statusChangedAt }));
  return announceLink(transaction, relinked);
}

async function announceLink(transaction: RegistryTransaction, channel: Channel): Promise<ChannelLinkResult> {
  await transaction.publish(channelLinked(channel));
  return { channelId: channel.channelId, outcome: 'linked' };
}
