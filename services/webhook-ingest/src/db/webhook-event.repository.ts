import { sqlStateOf } from '@chatpilot/db';
import type { Logger } from '@chatpilot/logger';
import { enqueueEvents } from '@chatpilot/messaging';
import type { DataSource, EntityManager } from 'typeorm';

import type { StoredWebhookEvent, StoreOutcome, WebhookEventReader, WebhookToStore } from '../app/ports';
import { bufferLockNames } from '../domain/linked-channel';
import { routeWebhook, type WebhookRouting } from '../domain/webhook-routing';
import { findLinkedChannels } from './linked-channel.queries';
import { bufferLockSlots, lockBufferSlots } from './schema';
import { toStoredWebhookEvent, type StoredWebhookRow } from './webhook-row.mapper';

export interface WebhookEventRepository extends WebhookEventReader {
  /** Stores a batch in one transaction (rows + outbox); one outcome per webhook, in order. */
  storeBatch(webhooks: readonly WebhookToStore[]): Promise<StoreOutcome[]>;
}

interface RoutedWebhook {
  webhook: WebhookToStore;
  routing: WebhookRouting;
}

/** SQLSTATE classes for "this value cannot be stored" (22: data exception; 54: e.g. nesting too deep). */
const REFUSED_DATA_CLASSES = ['22', '54'];

export function createWebhookEventRepository(dataSource: DataSource, logger: Logger): WebhookEventRepository {
  const storeBatch = async (webhooks: readonly WebhookToStore[]): Promise<StoreOutcome[]> => {
    try {
      return await dataSource.transaction((manager) => insertBatch(manager, webhooks, logger));
    } catch (error) {
      if (!isRefusedData(error)) throw error;
      if (webhooks.length === 1) {
        logger.warn({ err: error, dedupe_key: webhooks[0]!.dedupeKey, event: webhooks[0]!.event }, 'PostgreSQL refused a webhook body');
        return ['unstorable'];
      }
      // One body PostgreSQL refuses must not fail the neighbours that shared its transaction.
      const outcomes: StoreOutcome[] = [];
      for (const webhook of webhooks) outcomes.push(...(await storeBatch([webhook])));
      return outcomes;
    }
  };

  return {
    storeBatch,
    findByWebhookEventId: async (webhookEventId: string): Promise<StoredWebhookEvent | undefined> => {
      const rows = (await dataSource.query(
        `SELECT dedupe_key, event, source, status, tenant_id, channel_id, client_id, waba_account_id, phone_number,
                phone_number_id, received_at, published_at, payload::text AS payload_json
           FROM onboarding_webhook_events WHERE dedupe_key = $1`,
        [webhookEventId],
      )) as StoredWebhookRow[];
      return rows[0] === undefined ? undefined : toStoredWebhookEvent(rows[0]);
    },
  };
}

async function insertBatch(manager: EntityManager, webhooks: readonly WebhookToStore[], logger: Logger): Promise<StoreOutcome[]> {
  // Copies of one delivery in the same batch: the first is stored, the others answer `duplicate`.
  const unique = firstOccurrences(webhooks);
  await lockBufferSlots(manager, bufferLockSlots(bufferLockNames(unique.map((webhook) => webhook.references))), 'shared');
  const linked = await findLinkedChannels(manager, unique.map((webhook) => webhook.references));
  const routed = unique.map((webhook): RoutedWebhook => ({ webhook, routing: routeWebhook(webhook, linked) }));
  for (const { webhook, routing } of routed) {
    if (routing.unpublishable) logger.error({ dedupe_key: webhook.dedupeKey, event: webhook.event, reason: routing.unpublishable }, 'stored webhook cannot be published');
  }
  const inserted = await insertRows(manager, routed);
  const events = routed.flatMap(({ webhook, routing }) => (inserted.has(webhook.id) && routing.event ? [routing.event] : []));
  await enqueueEvents(manager, events);
  return webhooks.map((webhook) => (inserted.has(webhook.id) ? 'stored' : 'duplicate'));
}

function firstOccurrences(webhooks: readonly WebhookToStore[]): WebhookToStore[] {
  const seen = new Set<string>();
  return webhooks.filter((webhook) => !seen.has(webhook.dedupeKey) && seen.add(webhook.dedupeKey));
}

/** One statement for the whole batch; a dedupe key stored before (or by a concurrent batch) is skipped. */
async function insertRows(manager: EntityManager, routed: readonly RoutedWebhook[]): Promise<Set<string>> {
  const column = <T>(pick: (entry: RoutedWebhook) => T): T[] => routed.map(pick);
  const rows = (await manager.query(
    `INSERT INTO onboarding_webhook_events
            (id, dedupe_key, event, source, channel_id, client_id, waba_account_id, phone_number, phone_number_id,
             payload, history_summary, status, tenant_id, received_at, published_at)
     SELECT u.id, u.dedupe_key, u.event, u.source, u.channel_id, u.client_id, u.waba_account_id, u.phone_number,
            u.phone_number_id, u.payload::jsonb, u.history_summary::jsonb, u.status, u.tenant_id, u.received_at,
            CASE WHEN u.status = 'published' THEN now() END
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[])
            WITH ORDINALITY AS u(id, dedupe_key, event, source, channel_id, client_id, waba_account_id, phone_number,
                                 phone_number_id, payload, history_summary, status, tenant_id, received_at, ord)
      ORDER BY u.ord
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [
      column((e) => e.webhook.id),
      column((e) => e.webhook.dedupeKey),
      column((e) => e.webhook.event),
      column((e) => e.webhook.source),
      column((e) => e.webhook.references.channelId ?? null),
      column((e) => e.webhook.references.clientId ?? null),
      column((e) => e.webhook.references.wabaAccountId ?? null),
      column((e) => e.webhook.references.phoneNumber ?? null),
      column((e) => e.webhook.references.phoneNumberId ?? null),
      column((e) => e.webhook.bodyText),
      column((e) => (e.webhook.historySummary ? JSON.stringify(e.webhook.historySummary) : null)),
      column((e) => e.routing.status),
      column((e) => e.routing.tenantId ?? null),
      column((e) => e.webhook.receivedAt),
    ],
  )) as { id: string }[];
  return new Set(rows.map((row) => row.id));
}

function isRefusedData(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  return sqlState !== undefined && REFUSED_DATA_CLASSES.includes(sqlState.slice(0, 2));
}
