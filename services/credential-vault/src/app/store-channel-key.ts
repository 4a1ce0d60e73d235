import { maskChannelKey, requireSameTenant, type MaskedChannelKey } from '../domain/channel-key';
import { auditingFailures } from './audit';
import type { CallContext, VaultDependencies } from './ports';
import { storeIssuedKey } from './store-issued-key';

export interface StoreChannelKeyCommand {
  tenantId: string;
  channelId: string;
  apiKey: string;
  address: string;
}

/** Imports a key obtained outside the vault, replacing the channel's current one. */
export function storeChannelKey(
  deps: Pick<VaultDependencies, 'store' | 'keyring' | 'auditTrail' | 'clock' | 'logger'>,
  context: CallContext,
  command: StoreChannelKeyCommand,
): Promise<MaskedChannelKey> {
  const subject = { method: 'StoreChannelKey' as const, tenantId: command.tenantId, channelId: command.channelId };
  return auditingFailures(deps, context, subject, () =>
    deps.store.transaction(async (tx) => {
      await tx.lockChannel(command.channelId);
      const previous = await tx.findChannelKey(command.channelId);
      // A channel stays its first tenant's, revoked or not, as in channel-registry (LinkChannels).
      if (previous !== undefined) requireSameTenant(previous, command.tenantId);
      const key = await storeIssuedKey(tx, deps, context, subject, previous, { apiKey: command.apiKey, address: command.address });
      return maskChannelKey(key);
    }),
  );
}
