import { revokeChannel } from '../domain/channel-observation';
import type { Clock, RegistryTransaction, UnitOfWork } from './ports';
import { channelRevoked, channelStatusChanged } from './registry-events';

export interface MarkRevokedCommand {
  tenantId: string;
  channelIds: readonly string[];
  reason: string;
}

export type RevokeOutcome = 'revoked' | 'already_revoked' | 'not_found';

export interface ChannelRevokeResult {
  channelId: string;
  outcome: RevokeOutcome;
}

/**
 * Marks the tenant's channels revoked (the client removed ChatPilot's permission) and publishes
 * `registry.channel.revoked` and `status_changed` with it. Another tenant's channel is not found.
 */
export async function markRevoked(deps: { unitOfWork: UnitOfWork; clock: Clock }, command: MarkRevokedCommand): Promise<ChannelRevokeResult[]> {
  const channelIds = [...new Set(command.channelIds)];
  const at = deps.clock.now();
  const outcomes = await deps.unitOfWork.run(async (transaction) => {
    const byChannel = new Map<string, RevokeOutcome>();
    for (const channelId of [...channelIds].sort()) {
      byChannel.set(channelId, await revokeOne(transaction, command, channelId, at));
    }
    return byChannel;
  });
  return channelIds.map((channelId) => ({ channelId, outcome: outcomes.get(channelId)! }));
}

async function revokeOne(transaction: RegistryTransaction, command: MarkRevokedCommand, channelId: string, at: Date): Promise<RevokeOutcome> {
  const channel = await transaction.channels.findForUpdate(channelId);
  if (channel === undefined || channel.tenantId !== command.tenantId) return 'not_found';
  const revocation = revokeChannel(channel, command.reason, at);
  if (revocation === undefined) return 'already_revoked';
  await transaction.channels.save(revocation.channel, [channelRevoked(revocation.channel, command.reason), channelStatusChanged(revocation.channel, revocation.statusChange)]);
  return 'revoked';
}
