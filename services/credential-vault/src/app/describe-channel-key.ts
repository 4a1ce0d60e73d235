import { maskChannelKey, requireKey, type MaskedChannelKey } from '../domain/channel-key';
import { audited } from './audit';
import type { CallContext, VaultDependencies } from './ports';

/** What may be shown about a channel's key (active or revoked): never the key. */
export function describeChannelKey(
  deps: Pick<VaultDependencies, 'store' | 'auditTrail' | 'clock' | 'logger'>,
  context: CallContext,
  channelId: string,
): Promise<MaskedChannelKey> {
  return audited(
    deps,
    context,
    { method: 'DescribeChannelKey', channelId },
    async () => maskChannelKey(requireKey(await deps.store.findChannelKey(channelId), channelId)),
    (key) => ({ tenantId: key.tenantId, generation: key.generation }),
  );
}
