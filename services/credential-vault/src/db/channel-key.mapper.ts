import type { ChannelKey } from '../domain/channel-key';
import type { ChannelKeyEntity } from './channel-key.entity';

/** The entity's columns under their property names, for raw queries that map like the entity. */
export const CHANNEL_KEY_SELECT = `
  channel_id AS "channelId", tenant_id AS "tenantId", status, ciphertext, encryption_key_id AS "encryptionKeyId",
  api_key_last4 AS "apiKeyLast4", address, generation, d360_key_id AS "d360KeyId", app_id AS "appId",
  webhook_url AS "webhookUrl", created_at AS "createdAt", rotated_at AS "rotatedAt", revoked_at AS "revokedAt",
  revoke_reason AS "revokeReason"`;

export type ChannelKeyRow = Omit<ChannelKeyEntity, 'updatedAt'>;

export function toChannelKey(row: ChannelKeyRow): ChannelKey {
  return {
    tenantId: row.tenantId,
    channelId: row.channelId,
    status: row.status,
    sealedKey: row.ciphertext,
    encryptionKeyId: row.encryptionKeyId,
    apiKeyLast4: row.apiKeyLast4,
    address: row.address,
    generation: row.generation,
    d360KeyId: row.d360KeyId,
    appId: row.appId,
    webhookUrl: row.webhookUrl,
    createdAt: row.createdAt,
    rotatedAt: row.rotatedAt,
    revokedAt: row.revokedAt,
    revokeReason: row.revokeReason,
  };
}

export function toChannelKeyRow(key: ChannelKey): ChannelKeyRow {
  return {
    channelId: key.channelId,
    tenantId: key.tenantId,
    status: key.status,
    ciphertext: key.sealedKey,
    encryptionKeyId: key.encryptionKeyId,
    apiKeyLast4: key.apiKeyLast4,
    address: key.address,
    generation: key.generation,
    d360KeyId: key.d360KeyId,
    appId: key.appId,
    webhookUrl: key.webhookUrl,
    createdAt: key.createdAt,
    rotatedAt: key.rotatedAt,
    revokedAt: key.revokedAt,
    revokeReason: key.revokeReason,
  };
}
