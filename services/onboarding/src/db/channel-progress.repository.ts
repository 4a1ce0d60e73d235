import { selectList } from '@chatpilot/db';
import type { EntityManager } from 'typeorm';

import type { ChannelProgress, ChannelProgressRepository } from '../app/ports';
import type { OnboardingChannelEntity } from './onboarding-channel.entity';

type ChannelRow = Omit<OnboardingChannelEntity, 'updatedAt'>;

const CHANNEL_COLUMNS: Record<keyof ChannelRow, string> = {
  channelId: 'channel_id',
  tenantId: 'tenant_id',
  phoneNumber: 'phone_number',
  status: 'status',
  statusChangedAt: 'status_changed_at',
  keyGeneration: 'key_generation',
  keyProvisionedAt: 'key_provisioned_at',
  keyRevokedAt: 'key_revoked_at',
  webhookConfigured: 'webhook_configured',
  historyPhase: 'history_phase',
  historyProgress: 'history_progress',
  historyChunks: 'history_chunks',
  historyMessages: 'history_messages',
  historyUpdatedAt: 'history_updated_at',
};
/** Each column named as its entity field: the saga reads these rows on every step, so without TypeORM's query building. */
const CHANNEL_SELECT_LIST = selectList(CHANNEL_COLUMNS);

/** onboarding_channels: every write is an upsert, since events about a channel come in any order. */
export function createChannelProgressRepository(manager: EntityManager): ChannelProgressRepository {
  const run = async (sql: string, parameters: unknown[]): Promise<void> => {
    await manager.query(sql, parameters);
  };
  return {
    findMany: async (channelIds) => {
      if (channelIds.length === 0) return new Map();
      const rows = (await manager.query(`SELECT ${CHANNEL_SELECT_LIST} FROM onboarding_channels WHERE channel_id = ANY($1)`, [[...channelIds]])) as ChannelRow[];
      return new Map(rows.map((row) => [row.channelId, toChannelProgress(row)]));
    },
    // The EXISTS reads the row as it was before this statement: the same news recorded earlier.
    recordStatus: async (channelId, status, changedAt) => {
      const [row] = (await manager.query(
        `WITH recorded AS (
           INSERT INTO onboarding_channels (channel_id, status, status_changed_at) VALUES ($1, $2, $3)
           ON CONFLICT (channel_id) DO UPDATE SET status = excluded.status, status_changed_at = excluded.status_changed_at, updated_at = now()
           WHERE onboarding_channels.status_changed_at IS NULL OR onboarding_channels.status_changed_at < excluded.status_changed_at
           RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM recorded)
             OR EXISTS (SELECT 1 FROM onboarding_channels WHERE channel_id = $1 AND status = $2 AND status_changed_at = $3) AS latest`,
        [channelId, status, changedAt],
      )) as { latest: boolean }[];
      return row?.latest === true;
    },
    recordOwner: (channelId, tenantId, phoneNumber) =>
      run(
        `INSERT INTO onboarding_channels (channel_id, tenant_id, phone_number) VALUES ($1, $2, $3)
         ON CONFLICT (channel_id) DO UPDATE SET tenant_id = excluded.tenant_id,
           phone_number = coalesce(excluded.phone_number, onboarding_channels.phone_number), updated_at = now()`,
        [channelId, tenantId, phoneNumber],
      ),
    recordKey: (channelId, key) =>
      run(
        `INSERT INTO onboarding_channels (channel_id, key_generation, key_provisioned_at, webhook_configured) VALUES ($1, $2, $3, coalesce($4, false))
         ON CONFLICT (channel_id) DO UPDATE SET key_generation = excluded.key_generation, key_provisioned_at = excluded.key_provisioned_at,
           key_revoked_at = NULL, webhook_configured = coalesce($4, onboarding_channels.webhook_configured), updated_at = now()
         WHERE onboarding_channels.key_generation IS NULL OR onboarding_channels.key_generation <= excluded.key_generation`,
        [channelId, key.generation, key.provisionedAt, key.webhookConfigured ?? null],
      ),
    recordKeyRevoked: (channelId, at) =>
      run(
        `INSERT INTO onboarding_channels (channel_id, key_revoked_at) VALUES ($1, $2)
         ON CONFLICT (channel_id) DO UPDATE SET key_revoked_at = excluded.key_revoked_at, updated_at = now()`,
        [channelId, at],
      ),
    recordHistoryChunk: (channelId, chunk) =>
      run(
        `INSERT INTO onboarding_channels (channel_id, history_phase, history_progress, history_chunks, history_messages, history_updated_at)
         VALUES ($1, $2, $3, 1, $4, $5)
         ON CONFLICT (channel_id) DO UPDATE SET
           history_phase = greatest(onboarding_channels.history_phase, excluded.history_phase),
           history_progress = greatest(onboarding_channels.history_progress, excluded.history_progress),
           history_chunks = onboarding_channels.history_chunks + 1,
           history_messages = onboarding_channels.history_messages + excluded.history_messages,
           history_updated_at = greatest(onboarding_channels.history_updated_at, excluded.history_updated_at),
           updated_at = now()`,
        [channelId, chunk.phase, chunk.progress, chunk.messages, chunk.at],
      ),
  };
}

function toChannelProgress(row: ChannelRow): ChannelProgress {
  return {
    channelId: row.channelId,
    tenantId: row.tenantId,
    phoneNumber: row.phoneNumber,
    status: row.status,
    statusChangedAt: row.statusChangedAt,
    keyGeneration: row.keyGeneration,
    keyProvisionedAt: row.keyProvisionedAt,
    keyRevokedAt: row.keyRevokedAt,
    webhookConfigured: row.webhookConfigured,
    history:
      row.historyUpdatedAt === null
        ? null
        : {
            phase: row.historyPhase ?? 0,
            progress: Number(row.historyProgress ?? 0),
            chunks: row.historyChunks,
            messages: row.historyMessages,
            updatedAt: row.historyUpdatedAt,
          },
  };
}
