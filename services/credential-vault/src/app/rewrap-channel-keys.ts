import type { ChannelKey } from '../domain/channel-key';
import { rewrapApiKey } from '../domain/sealed-api-key';
import { auditEntry } from './audit';
import type { CallContext, VaultDependencies, VaultTransaction } from './ports';

export interface RewrapOptions {
  batchSize: number;
  /** Stop after this many batches (the next run resumes where this one stopped). */
  maxBatches?: number;
  /** Pause between batches, to leave the database to the readers. */
  pauseMs?: number;
  onBatch?: (progress: RewrapProgress) => void;
}

export interface RewrapProgress {
  batches: number;
  rewrapped: number;
}

export interface RewrapResult extends RewrapProgress {
  /** Active keys still on an older encryption key (0 when done). */
  remaining: number;
}

type RewrapDeps = Pick<VaultDependencies, 'store' | 'keyring' | 'clock'>;

/**
 * Moves every active key onto the current encryption key, a batch per transaction, in channel
 * order. Online: readers never wait (they read the committed row, old or new, and the keyring
 * opens both). Resumable: it only ever looks at rows not yet on the current key.
 */
export async function rewrapChannelKeys(deps: RewrapDeps, context: CallContext, options: RewrapOptions): Promise<RewrapResult> {
  const progress: RewrapProgress = { batches: 0, rewrapped: 0 };
  let cursor = '';
  while (options.maxBatches === undefined || progress.batches < options.maxBatches) {
    const batch = await deps.store.transaction((tx) => rewrapBatch(tx, deps, context, cursor, options.batchSize));
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1]!.channelId;
    progress.batches += 1;
    progress.rewrapped += batch.length;
    options.onBatch?.({ ...progress });
    if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
  }
  return { ...progress, remaining: await deps.store.countKeysNotOn(deps.keyring.currentKeyId) };
}

async function rewrapBatch(tx: VaultTransaction, deps: RewrapDeps, context: CallContext, afterChannelId: string, limit: number): Promise<ChannelKey[]> {
  const keys = await tx.claimKeysToRewrap(deps.keyring.currentKeyId, afterChannelId, limit);
  for (const key of keys) {
    await tx.replaceSealedKey(key.channelId, rewrapApiKey(deps.keyring, key.sealedKey!, key));
  }
  const entries = keys.map((key) =>
    auditEntry(deps, context, { method: 'Rewrap', tenantId: key.tenantId, channelId: key.channelId }, {
      generation: key.generation,
      detail: `encryption key ${key.encryptionKeyId} -> ${deps.keyring.currentKeyId}`,
    }),
  );
  if (entries.length > 0) await tx.recordAudit(entries);
  return keys;
}
