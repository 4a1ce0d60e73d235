import { type AnyEvent, channelStatusRevokesKey } from '@chatpilot/contracts';
import type { EventHandlerContext, EventHandlers } from '@chatpilot/messaging';
import type { VaultDependencies } from '../app/ports';
import { revokeChannelKeyIn } from '../app/revoke-channel-key';
import { vaultTransactionFor } from '../db/vault-store.repository';

/**
 * channel-registry's word that a channel may no longer send: revoke its key in the inbox
 * transaction, so the revocation, its audit entry, its event and the inbox row commit together.
 */
export function registryEventHandlers(deps: Pick<VaultDependencies, 'clock'>): EventHandlers {
  const revoke = async (channelId: string, reason: string, eventType: string, context: EventHandlerContext): Promise<void> => {
    const tx = vaultTransactionFor(context.entityManager);
    const outcome = await revokeChannelKeyIn(tx, deps, { caller: `event:${eventType}` }, { channelId, reason }, 'RevokeChannelKey');
    context.logger.info({ channel_id: channelId, outcome: outcome.kind }, 'channel key revocation requested by channel-registry');
  };

  return {
    'registry.channel.revoked': (event, context) => revoke(event.data.channel_id, `registry: ${event.data.reason}`, event.type, context),
    'registry.channel.status_changed': async (event, context) => {
      if (!channelStatusRevokesKey(event.data.to)) return;
      await revoke(event.data.channel_id, `registry: channel ${event.data.to}`, event.type, context);
    },
  };
}

/** The status changes that revoke no key: acked without an inbox transaction (most of them). */
export function ignoresRegistryEvent(event: AnyEvent): boolean {
  return event.type === 'registry.channel.status_changed' && !channelStatusRevokesKey(event.data.to);
}
