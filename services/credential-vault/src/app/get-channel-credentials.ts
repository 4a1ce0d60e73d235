import { requireActiveKey, requireSameTenant } from '../domain/channel-key';
import { openApiKey } from '../domain/sealed-api-key';
import { auditingFailures } from './audit';
import type { CallContext, VaultDependencies } from './ports';

export interface ChannelCredentials {
  channelId: string;
  tenantId: string;
  apiKey: string;
  address: string;
  generation: number;
}

export interface GetChannelCredentialsQuery {
  channelId: string;
  /** When given, must be the channel's owner. */
  tenantId?: string;
}

/**
 * The plaintext key for an authorised sender. The read and its audit entry are one database
 * statement, so no key is ever read without its audit row (fail closed); refusals (missing,
 * revoked, other tenant) are audited by that same statement. What can still fail afterwards —
 * decryption — is audited separately.
 */
export async function getChannelCredentials(
  deps: Pick<VaultDependencies, 'store' | 'keyring' | 'auditTrail' | 'clock' | 'logger'>,
  context: CallContext,
  query: GetChannelCredentialsQuery,
): Promise<ChannelCredentials> {
  const subject = { method: 'GetChannelCredentials' as const, channelId: query.channelId, tenantId: query.tenantId };
  const read = { channelId: query.channelId, tenantId: query.tenantId, caller: context.caller, method: subject.method, occurredAt: deps.clock.now() };
  const row = await auditingFailures(deps, context, subject, () => deps.store.readChannelKeyAudited(read));
  const key = requireActiveKey(row, query.channelId);
  requireSameTenant(key, query.tenantId);
  const apiKey = await auditingFailures(deps, context, subject, async () => openApiKey(deps.keyring, key.sealedKey, key));
  return { channelId: key.channelId, tenantId: key.tenantId, apiKey, address: key.address, generation: key.generation };
}
