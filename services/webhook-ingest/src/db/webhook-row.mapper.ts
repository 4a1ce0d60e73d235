import type { BufferedWebhook, StoredWebhookEvent } from '../app/ports';
import type { HistorySummary } from '../domain/history-summary';
import type { WebhookSource } from '../domain/incoming-webhook';
import type { LinkedChannel } from '../domain/linked-channel';
import type { WebhookReferences } from '../domain/webhook-references';
import type { WebhookStatus } from '../domain/webhook-status';

/** Columns shared by the raw queries below; `payload` is NULL for history rows where it is not needed. */
export interface WebhookEventRow {
  id: string;
  seq: string;
  dedupe_key: string;
  event: string;
  source: WebhookSource;
  channel_id: string | null;
  client_id: string | null;
  waba_account_id: string | null;
  phone_number: string | null;
  phone_number_id: string | null;
  payload: Record<string, unknown> | null;
  history_summary: HistorySummary | null;
  received_at: Date;
}

export interface StoredWebhookRow {
  dedupe_key: string;
  event: string;
  source: WebhookSource;
  status: WebhookStatus;
  tenant_id: string | null;
  channel_id: string | null;
  client_id: string | null;
  waba_account_id: string | null;
  phone_number: string | null;
  phone_number_id: string | null;
  received_at: Date;
  published_at: Date | null;
  payload_json: string;
}

export interface LinkedChannelRow {
  channel_id: string;
  tenant_id: string;
  client_id: string | null;
  waba_account_id: string | null;
  phone_number: string | null;
}

export const BUFFERED_WEBHOOK_COLUMNS = `e.id, e.seq::text AS seq, e.dedupe_key, e.event, e.source, e.channel_id, e.client_id,
  e.waba_account_id, e.phone_number, e.phone_number_id, e.received_at, e.history_summary,
  CASE WHEN e.history_summary IS NULL THEN e.payload END AS payload`;

export function toBufferedWebhook(row: WebhookEventRow): BufferedWebhook {
  return {
    id: row.id,
    seq: row.seq,
    dedupeKey: row.dedupe_key,
    event: row.event,
    source: row.source,
    references: referencesOf(row),
    receivedAt: row.received_at,
    ...(row.payload === null ? {} : { body: row.payload }),
    ...(row.history_summary === null ? {} : { historySummary: row.history_summary }),
  };
}

export function toStoredWebhookEvent(row: StoredWebhookRow): StoredWebhookEvent {
  return {
    webhookEventId: row.dedupe_key,
    event: row.event,
    source: row.source,
    status: row.status,
    tenantId: row.tenant_id,
    references: referencesOf(row),
    receivedAt: row.received_at,
    publishedAt: row.published_at,
    payloadJson: row.payload_json,
  };
}

export function toLinkedChannel(row: LinkedChannelRow): LinkedChannel {
  return {
    channelId: row.channel_id,
    tenantId: row.tenant_id,
    ...(row.client_id === null ? {} : { clientId: row.client_id }),
    ...(row.waba_account_id === null ? {} : { wabaAccountId: row.waba_account_id }),
    ...(row.phone_number === null ? {} : { phoneNumber: row.phone_number }),
  };
}

function referencesOf(row: Pick<WebhookEventRow, 'channel_id' | 'client_id' | 'waba_account_id' | 'phone_number' | 'phone_number_id'>): WebhookReferences {
  const references: WebhookReferences = {};
  if (row.channel_id !== null) references.channelId = row.channel_id;
  if (row.client_id !== null) references.clientId = row.client_id;
  if (row.waba_account_id !== null) references.wabaAccountId = row.waba_account_id;
  if (row.phone_number !== null) references.phoneNumber = row.phone_number;
  if (row.phone_number_id !== null) references.phoneNumberId = row.phone_number_id;
  return references;
}
