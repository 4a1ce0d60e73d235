import { enqueueEvents } from '@chatpilot/messaging';
import type { DataSource, EntityManager } from 'typeorm';

import type { BufferedWebhook, BufferStore, BufferTransactions, ReleasedWebhook } from '../app/ports';
import type { WebhookSource } from '../domain/incoming-webhook';
import { bufferLockNames, type LinkedChannel } from '../domain/linked-channel';
import type { WebhookReferences } from '../domain/webhook-references';
import { findLinkedChannels } from './linked-channel.queries';
import { bufferLockSlots, lockBufferSlots, tryLockBufferSlots } from './schema';
import { BUFFERED_WEBHOOK_COLUMNS, toBufferedWebhook, toLinkedChannel, type LinkedChannelRow, type WebhookEventRow } from './webhook-row.mapper';

export function createBufferTransactions(dataSource: DataSource): BufferTransactions {
  return { run: (work) => dataSource.transaction((manager) => work(createBufferStore(manager))) };
}

/** The buffer and the linked-channel projection over one transaction's EntityManager. */
export function createBufferStore(manager: EntityManager): BufferStore {
  return {
    lockOutIngest: async (channel) => {
      const slotsOf = async (): Promise<number[]> => bufferLockSlots(bufferLockNames([channel, ...(await knownReferences(manager, channel.channelId))]));
      const held = await slotsOf();
      await lockBufferSlots(manager, held, 'exclusive');
      // Webhooks of the channel stored meanwhile have committed now (they held its slot), and may
      // have named a WABA or number the link will match by: hold those too. Waiting for them here
      // could deadlock (they are out of order), so a busy one makes the link try again later.
      const learnt = (await slotsOf()).filter((slot) => !held.includes(slot));
      if (!(await tryLockBufferSlots(manager, learnt))) {
        throw new Error('webhooks naming this channel are being stored right now; the link is retried');
      }
    },
    saveLinkedChannel: async (channel) => {
      await upsertLinkedChannel(manager, channel);
      await learnReferences(manager, await learnableReferences(manager, channel.channelId));
      const rows = (await manager.query(
        `SELECT channel_id, tenant_id, client_id, waba_account_id, phone_number FROM webhook_linked_channels WHERE channel_id = $1`,
        [channel.channelId],
      )) as LinkedChannelRow[];
      return toLinkedChannel(rows[0]!);
    },
    learnChannelReferences: async () => {
      const learnable = await learnableReferences(manager, null);
      if (learnable.length === 0) return;
      // An ingest transaction that looked for these references before this one commits holds
      // their slots until it has stored its webhook as `buffered`: waiting for it lets the release
      // that follows find that webhook, and one that comes later waits and finds the references,
      // so a channel's webhooks keep their order. One sorted call, as links take their slots.
      await lockBufferSlots(manager, bufferLockSlots(bufferLockNames(learnable.map(referencesOf))), 'exclusive');
      await learnReferences(manager, learnable);
    },
    findReleasable: (scope, afterSeq, limit) => findReleasable(manager, scope, afterSeq, limit),
    linkedChannelsFor: (references) => findLinkedChannels(manager, references),
    publish: (released) => publish(manager, released),
    expireReceivedBefore: async (cutoff, limit) => {
      const [rows] = (await manager.query(
        `UPDATE onboarding_webhook_events SET status = 'expired', expired_at = now()
          WHERE id IN (SELECT id FROM onboarding_webhook_events
                        WHERE status = 'buffered' AND received_at < $1
                        ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING event, source`,
        [cutoff, limit],
      )) as [{ event: string; source: WebhookSource }[], number];
      return rows;
    },
    bufferState: async () => {
      const rows = (await manager.query(
        `SELECT count(*)::int AS count, COALESCE(EXTRACT(EPOCH FROM now() - min(received_at)), 0)::float8 AS oldest
           FROM onboarding_webhook_events WHERE status = 'buffered'`,
      )) as { count: number; oldest: number }[];
      return { count: rows[0]?.count ?? 0, oldestAgeSeconds: Math.max(0, rows[0]?.oldest ?? 0) };
    },
  };
}

/** What the projection and the stored webhooks say of a channel: its WABA ids and numbers, which the link will match by. */
async function knownReferences(manager: EntityManager, channelId: string): Promise<WebhookReferences[]> {
  const rows = (await manager.query(
    `SELECT waba_account_id, phone_number FROM webhook_linked_channels WHERE channel_id = $1
     UNION
     SELECT DISTINCT waba_account_id, phone_number FROM onboarding_webhook_events
      WHERE channel_id = $1 AND (waba_account_id IS NOT NULL OR phone_number IS NOT NULL)`,
    [channelId],
  )) as { waba_account_id: string | null; phone_number: string | null }[];
  return rows.map((row) => ({
    ...(row.waba_account_id === null ? {} : { wabaAccountId: row.waba_account_id }),
    ...(row.phone_number === null ? {} : { phoneNumber: row.phone_number }),
  }));
}

/** A link replaces the tenant; identifiers it does not carry keep what was known. */
async function upsertLinkedChannel(manager: EntityManager, channel: LinkedChannel): Promise<void> {
  await manager.query(
    `INSERT INTO webhook_linked_channels (channel_id, tenant_id, client_id, waba_account_id, phone_number)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (channel_id) DO UPDATE SET
       tenant_id = EXCLUDED.tenant_id,
       client_id = COALESCE(EXCLUDED.client_id, webhook_linked_channels.client_id),
       waba_account_id = COALESCE(EXCLUDED.waba_account_id, webhook_linked_channels.waba_account_id),
       phone_number = COALESCE(EXCLUDED.phone_number, webhook_linked_channels.phone_number),
       updated_at = now()`,
    [channel.channelId, channel.tenantId, channel.clientId ?? null, channel.wabaAccountId ?? null, channel.phoneNumber ?? null],
  );
}

interface LearnableReferences {
  channel_id: string;
  waba_account_id: string | null;
  phone_number: string | null;
}

/**
 * A linked channel's WABA id and phone number it lacks, as webhooks that named the channel together
 * with them tell (channel_* events carry both), for one channel or all that lack them.
 */
async function learnableReferences(manager: EntityManager, channelId: string | null): Promise<LearnableReferences[]> {
  // Two statements rather than `($1 IS NULL OR e.channel_id = $1)`: the generic plan of that one
  // cannot use the channel index, and scanned every stored webhook at each link.
  const ofChannel = channelId === null ? '' : 'AND e.channel_id = $1';
  return (await manager.query(
    `SELECT e.channel_id, max(e.waba_account_id) AS waba_account_id, max(e.phone_number) AS phone_number
       FROM onboarding_webhook_events e
       JOIN webhook_linked_channels m
         ON m.channel_id = e.channel_id AND (m.waba_account_id IS NULL OR m.phone_number IS NULL)
      WHERE e.channel_id IS NOT NULL AND (e.waba_account_id IS NOT NULL OR e.phone_number IS NOT NULL) ${ofChannel}
      GROUP BY e.channel_id
     HAVING (bool_or(m.waba_account_id IS NULL) AND max(e.waba_account_id) IS NOT NULL)
         OR (bool_or(m.phone_number IS NULL) AND max(e.phone_number) IS NOT NULL)`,
    channelId === null ? [] : [channelId],
  )) as LearnableReferences[];
}

/** Fills in what the projection lacks; what it knows already stays. */
async function learnReferences(manager: EntityManager, learnable: readonly LearnableReferences[]): Promise<void> {
  if (learnable.length === 0) return;
  await manager.query(
    `UPDATE webhook_linked_channels l
        SET waba_account_id = COALESCE(l.waba_account_id, k.waba_account_id),
            phone_number = COALESCE(l.phone_number, k.phone_number),
            updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(channel_id, waba_account_id, phone_number)
      WHERE l.channel_id = k.channel_id`,
    [learnable.map((row) => row.channel_id), learnable.map((row) => row.waba_account_id), learnable.map((row) => row.phone_number)],
  );
}

function referencesOf(row: LearnableReferences): WebhookReferences {
  return {
    channelId: row.channel_id,
    ...(row.waba_account_id === null ? {} : { wabaAccountId: row.waba_account_id }),
    ...(row.phone_number === null ? {} : { phoneNumber: row.phone_number }),
  };
}

async function findReleasable(manager: EntityManager, scope: LinkedChannel | undefined, afterSeq: string, limit: number): Promise<BufferedWebhook[]> {
  const rows = (scope
    ? await manager.query(
        `SELECT ${BUFFERED_WEBHOOK_COLUMNS} FROM onboarding_webhook_events e
          WHERE e.status = 'buffered' AND e.seq > $1::bigint
            AND (e.channel_id = $2 OR e.client_id = $3 OR e.waba_account_id = $4 OR e.phone_number = $5)
          ORDER BY e.seq LIMIT $6 FOR UPDATE`,
        [afterSeq, scope.channelId, scope.clientId ?? null, scope.wabaAccountId ?? null, scope.phoneNumber ?? null, limit],
      )
    : await manager.query(
        `SELECT ${BUFFERED_WEBHOOK_COLUMNS} FROM onboarding_webhook_events e
          WHERE e.status = 'buffered' AND e.seq > $1::bigint
            AND EXISTS (SELECT 1 FROM webhook_linked_channels l
                         WHERE l.channel_id = e.channel_id OR l.waba_account_id = e.waba_account_id
                            OR l.phone_number = e.phone_number OR l.client_id = e.client_id)
          ORDER BY e.seq LIMIT $2 FOR UPDATE OF e`,
        [afterSeq, limit],
      )) as WebhookEventRow[];
  return rows.map(toBufferedWebhook);
}

async function publish(manager: EntityManager, released: readonly ReleasedWebhook[]): Promise<void> {
  if (released.length === 0) return;
  await enqueueEvents(manager, released.map((entry) => entry.event));
  await manager.query(
    `UPDATE onboarding_webhook_events e SET status = 'published', tenant_id = u.tenant_id, published_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS u(id, tenant_id)
      WHERE e.id = u.id`,
    [released.map((entry) => entry.webhook.id), released.map((entry) => entry.tenantId)],
  );
}
