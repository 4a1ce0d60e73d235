import { createEvent } from '@chatpilot/contracts';
import { issueChannelKey, type ChannelKey } from '../domain/channel-key';
import { sealApiKey } from '../domain/sealed-api-key';
import { auditEntry, type AuditSubject } from './audit';
import type { CallContext, IssuedPartnerKey, VaultDependencies, VaultTransaction } from './ports';

export const EVENT_SOURCE = 'credential-vault';

/**
 * Seals a freshly issued key and, in the caller's transaction, stores it in place of the
 * channel's previous one, audits it and announces it (`vault.channel_key.provisioned`, no secret).
 */
export async function storeIssuedKey(
  tx: VaultTransaction,
  deps: Pick<VaultDependencies, 'keyring' | 'clock'>,
  context: CallContext,
  subject: AuditSubject & { tenantId: string },
  previous: ChannelKey | undefined,
  issued: IssuedPartnerKey,
): Promise<ChannelKey> {
  const binding = { tenantId: subject.tenantId, channelId: subject.channelId };
  const sealed = sealApiKey(deps.keyring, issued.apiKey, binding);
  const key = issueChannelKey(previous, { ...binding, ...issued, sealed }, deps.clock.now());
  await tx.saveChannelKey(key);
  const detail = previous ? `replaced generation ${previous.generation} (${previous.status})` : null;
  await tx.recordAudit([auditEntry(deps, context, subject, { generation: key.generation, detail })]);
  await tx.enqueueEvent(
    createEvent(
      'vault.channel_key.provisioned',
      { channel_id: key.channelId, generation: key.generation, address: key.address },
      { source: EVENT_SOURCE, tenantId: key.tenantId },
    ),
  );
  return key;
}
