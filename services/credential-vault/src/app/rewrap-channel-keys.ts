import type { ChannelKey } from '../domain/channel-key';
import type { Keyring } from '../domain/keyring';
import { rewrapApiKey, type SealedApiKey } from '../domain/sealed-api-key';
import { VaultError, type VaultErrorCode } from '../domain/vault-errors';
import { auditEntry, type AuditSubject } from './audit';
import type { AuditEntry, CallContext, VaultDependencies, VaultTransaction } from './ports';

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

/** A key rewrap could not open, left as it was. */
export interface SkippedKey {
  channelId: string;
  code: VaultErrorCode;
}

export interface RewrapResult extends RewrapProgress {
  /** Keys that could not be opened (tampered, or sealed with an encryption key not loaded); audited. */
  skipped: SkippedKey[];
  /** Active keys still on an older encryption key, the skipped ones included (0 when done). */
  remaining: number;
}

type RewrapDeps = Pick<VaultDependencies, 'store' | 'keyring' | 'clock'>;

/** Failures of one row's ciphertext, not of the run: that row is skipped, the others still move. */
const UNREADABLE_KEY_CODES: ReadonlySet<VaultErrorCode> = new Set(['VAULT.DECRYPTION_FAILED', 'VAULT.CIPHERTEXT_MALFORMED', 'VAULT.UNKNOWN_ENCRYPTION_KEY']);

/**
 * Moves every active key onto the current encryption key, a batch per transaction, in channel
 * order. Online: readers never wait (they read the committed row, old or new, and the keyring
 * opens both). Resumable: it only ever looks at rows not yet on the current key.
 */
export async function rewrapChannelKeys(deps: RewrapDeps, context: CallContext, options: RewrapOptions): Promise<RewrapResult> {
  const progress: RewrapProgress = { batches: 0, rewrapped: 0 };
  const skipped: SkippedKey[] = [];
  let cursor = '';
  while (options.maxBatches === undefined || progress.batches < options.maxBatches) {
    const batch = await deps.store.transaction((tx) => rewrapBatch(tx, deps, context, cursor, options.batchSize));
    if (batch.claimed.length === 0) break;
    cursor = batch.claimed[batch.claimed.length - 1]!.channelId;
    progress.batches += 1;
    progress.rewrapped += batch.claimed.length - batch.skipped.length;
    skipped.push(...batch.skipped);
    options.onBatch?.({ ...progress });
    if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
  }
  return { ...progress, skipped, remaining: await deps.store.countKeysNotOn(deps.keyring.currentKeyId) };
}

async function rewrapBatch(
  tx: VaultTransaction,
  deps: RewrapDeps,
  context: CallContext,
  afterChannelId: string,
  limit: number,
): Promise<{ claimed: ChannelKey[]; skipped: SkippedKey[] }> {
  const claimed = await tx.claimKeysToRewrap(deps.keyring.currentKeyId, afterChannelId, limit);
  const skipped: SkippedKey[] = [];
  const entries: AuditEntry[] = [];
  for (const key of claimed) {
    const subject: AuditSubject = { method: 'Rewrap', tenantId: key.tenantId, channelId: key.channelId };
    const resealed = resealedOrSkipped(deps.keyring, key);
    if ('code' in resealed) {
      skipped.push(resealed);
      entries.push(auditEntry(deps, context, subject, { outcome: resealed.code, generation: key.generation, detail: `encryption key ${key.encryptionKeyId}: could not be opened, left as it was` }));
      continue;
    }
    await tx.replaceSealedKey(key.channelId, resealed);
    entries.push(auditEntry(deps, context, subject, { generation: key.generation, detail: `encryption key ${key.encryptionKeyId} -> ${deps.keyring.currentKeyId}` }));
  }
  if (entries.length > 0) await tx.recordAudit(entries);
  return { claimed, skipped };
}

function resealedOrSkipped(keyring: Keyring, key: ChannelKey): SealedApiKey | SkippedKey {
  try {
    return rewrapApiKey(keyring, key.sealedKey!, key);
  } catch (error) {
    if (error instanceof VaultError && UNREADABLE_KEY_CODES.has(error.code)) return { channelId: key.channelId, code: error.code };
    throw error;
  }
}
