import { createEvent } from '@chatpilot/contracts';
import { maskChannelKey, revokeChannelKey as revokedKey, type MaskedChannelKey } from '../domain/channel-key';
import { VaultError } from '../domain/vault-errors';
import { auditEntry, auditingFailures, type VaultMethod } from './audit';
import type { CallContext, VaultDependencies, VaultTransaction } from './ports';
import { EVENT_SOURCE } from './store-issued-key';

export interface RevokeChannelKeyCommand {
  channelId: string;
  reason: string;
}

export type RevokeOutcome = { kind: 'no_key' } | { kind: 'revoked' | 'already_revoked'; key: MaskedChannelKey };

type RevokeDeps = Pick<VaultDependencies, 'store' | 'auditTrail' | 'clock' | 'logger'>;

/** Wipes the channel's ciphertext for good; revoking a revoked key changes nothing. */
export function revokeChannelKey(deps: RevokeDeps, context: CallContext, command: RevokeChannelKeyCommand): Promise<{ key: MaskedChannelKey; revoked: boolean }> {
  return auditingFailures(deps, context, { method: 'RevokeChannelKey', channelId: command.channelId }, async () => {
    const outcome = await deps.store.transaction((tx) => revokeChannelKeyIn(tx, deps, context, command, 'RevokeChannelKey'));
    if (outcome.kind === 'no_key') throw new VaultError('VAULT.CHANNEL_KEY_NOT_FOUND', `no key is stored for channel ${command.channelId}`);
    return { key: outcome.key, revoked: outcome.kind === 'revoked' };
  });
}

/**
 * The revocation inside a transaction the caller owns (the event consumer's inbox transaction):
 * the row, its audit entry and `vault.channel_key.revoked` commit together or not at all.
 */
export async function revokeChannelKeyIn(
  tx: VaultTransaction,
  deps: Pick<VaultDependencies, 'clock'>,
  context: CallContext,
  command: RevokeChannelKeyCommand,
  method: VaultMethod,
): Promise<RevokeOutcome> {
  await tx.lockChannel(command.channelId);
  const existing = await tx.findChannelKey(command.channelId);
  if (existing === undefined) return { kind: 'no_key' };
  const subject = { method, tenantId: existing.tenantId, channelId: command.channelId };
  if (existing.status === 'revoked') {
    await tx.recordAudit([auditEntry(deps, context, subject, { generation: existing.generation, detail: 'already revoked' })]);
    return { kind: 'already_revoked', key: maskChannelKey(existing) };
  }
  const key = revokedKey(existing, command.reason, deps.clock.now());
  await tx.saveChannelKey(key);
  await tx.recordAudit([auditEntry(deps, context, subject, { generation: key.generation, detail: command.reason })]);
  await tx.enqueueEvent(
    createEvent('vault.channel_key.revoked', { channel_id: key.channelId, reason: command.reason }, { source: EVENT_SOURCE, tenantId: key.tenantId }),
  );
  return { kind: 'revoked', key: maskChannelKey(key) };
}
