import { isRefusedValue } from '@chatpilot/db';
import { enqueueEvent } from '@chatpilot/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import type { VaultStore, VaultTransaction } from '../app/ports';
import type { ChannelKey } from '../domain/channel-key';
import { VaultError } from '../domain/vault-errors';
import { insertAuditEntries, listAuditEntries } from './audit-log.repository';
import { ChannelKeyEntity } from './channel-key.entity';
import { CHANNEL_KEY_SELECT, toChannelKey, toChannelKeyRow, type ChannelKeyRow } from './channel-key.mapper';
import { createAuditedReads } from './audited-reads';

const FIND_CHANNEL_KEY = `SELECT ${CHANNEL_KEY_SELECT} FROM whatsapp_api_keys WHERE channel_id = $1`;
const AUDIT_TABLE = 'vault_audit_log';

/**
 * The vault's tables in PostgreSQL. Database failures surface as VAULT.STORAGE_UNAVAILABLE, or
 * VAULT.AUDIT_UNAVAILABLE when it was the audit row that could not be written; a value PostgreSQL
 * refuses (e.g. a NUL in text) as VAULT.INVALID_ARGUMENT, its cause kept for the log.
 */
export function createVaultStore(dataSource: DataSource, options: { onReadBatch?: (size: number, failed: boolean) => void } = {}): VaultStore {
  const auditedReads = createAuditedReads(dataSource, options.onReadBatch ? { onBatch: options.onReadBatch } : {});
  return {
    transaction: (work) =>
      storage(() => dataSource.transaction((manager) => work(vaultTransactionFor(manager)))),
    findChannelKey: (channelId) => storage(() => findChannelKey(dataSource.manager, channelId)),
    readChannelKeyAudited: async (read) => {
      try {
        return await auditedReads.read(read);
      } catch (error) {
        if (!concernsAuditTable(error)) throw toStorageError(error);
        throw new VaultError('VAULT.AUDIT_UNAVAILABLE', 'the read could not be audited, so it was refused', { cause: error });
      }
    },
    countKeysNotOn: (currentKeyId) =>
      storage(async () => {
        const rows = (await dataSource.query(
          `SELECT count(*)::integer AS remaining FROM whatsapp_api_keys WHERE status = 'active' AND encryption_key_id <> $1`,
          [currentKeyId],
        )) as { remaining: number }[];
        return rows[0]?.remaining ?? 0;
      }),
    listAudit: (query) => storage(() => listAuditEntries(dataSource.manager, query)),
  };
}

/** The vault's work inside a transaction someone else opened (e.g. the event consumer's inbox transaction). */
export function vaultTransactionFor(manager: EntityManager): VaultTransaction {
  return {
    lockChannel: async (channelId) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`credential-vault:channel:${channelId}`]);
    },
    findChannelKey: (channelId) => findChannelKey(manager, channelId),
    saveChannelKey: async (key) => {
      await manager.upsert(ChannelKeyEntity, { ...toChannelKeyRow(key), updatedAt: new Date() }, ['channelId']);
    },
    claimKeysToRewrap: async (currentKeyId, afterChannelId, limit) => {
      const rows = (await manager.query(
        `SELECT ${CHANNEL_KEY_SELECT} FROM whatsapp_api_keys
         WHERE status = 'active' AND encryption_key_id <> $1 AND channel_id > $2
         ORDER BY channel_id LIMIT $3 FOR UPDATE`,
        [currentKeyId, afterChannelId, limit],
      )) as ChannelKeyRow[];
      return rows.map(toChannelKey);
    },
    replaceSealedKey: async (channelId, sealed) => {
      await manager.update(ChannelKeyEntity, { channelId, status: 'active' }, { ciphertext: sealed.sealed, encryptionKeyId: sealed.keyId, updatedAt: new Date() });
    },
    markWebhookRegistered: async (channelId, generation, url) => {
      await manager.update(ChannelKeyEntity, { channelId, generation, status: 'active' }, { webhookUrl: url, updatedAt: new Date() });
    },
    recordAudit: (entries) => insertAuditEntries(manager, entries),
    enqueueEvent: (event) => enqueueEvent(manager, event),
  };
}

async function findChannelKey(manager: Pick<EntityManager, 'query'>, channelId: string): Promise<ChannelKey | undefined> {
  const rows = (await manager.query(FIND_CHANNEL_KEY, [channelId])) as ChannelKeyRow[];
  return rows[0] && toChannelKey(rows[0]);
}

/** A PostgreSQL error about the audit table (a constraint, a permission, a trigger). */
function concernsAuditTable(error: unknown): boolean {
  const { table, message } = error as { table?: unknown; message?: unknown };
  return table === AUDIT_TABLE || (typeof message === 'string' && message.includes(AUDIT_TABLE));
}

/**
 * Our own VaultErrors (thrown by the work inside a transaction) and programming errors pass
 * through; anything else came from the database or the connection to it.
 */
async function storage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(error);
  }
}

function toStorageError(error: unknown): unknown {
  if (error instanceof VaultError || error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) return error;
  if (isRefusedValue(error)) return new VaultError('VAULT.INVALID_ARGUMENT', 'a value cannot be stored', { cause: error });
  return new VaultError('VAULT.STORAGE_UNAVAILABLE', 'the vault database is unavailable', { cause: error });
}
