import { createEvent, eventCatalog, isKnownEventType, type EventDataInput, type EventEnvelope, type EventType } from '@chatpilot/contracts';

import type { HistorySummary } from './history-summary';
import type { WebhookSource } from './incoming-webhook';
import type { WebhookReferences } from './webhook-references';
import { metaChangeValueOf, objectOf } from './webhook-references';

export const PUBLISHER = 'webhook-ingest';

/** A stored webhook as far as publishing it needs; `body` is left out for `history` (it stays here). */
export interface PublishableWebhook {
  /** The stored row's id, reused as the event id so publishing it again is a no-op. */
  id: string;
  dedupeKey: string;
  event: string;
  source: WebhookSource;
  references: WebhookReferences;
  receivedAt: Date;
  body?: Record<string, unknown>;
  historySummary?: HistorySummary;
}

const ROUTING_WORD = /^[a-z0-9_]+$/;
/** On a number's own webhook URL these keep their name; everything else is a `d360.channel_webhook`. */
const CHANNEL_EVENTS_WITH_OWN_TYPE = new Set(['smb_message_echoes', 'smb_app_state_sync', 'history', 'account_update']);

/** The `d360.*` type a webhook is published as, or undefined when the event catalog has none for it. */
export function publicationTypeOf(source: WebhookSource, event: string): string | undefined {
  if (source === 'channel' && !CHANNEL_EVENTS_WITH_OWN_TYPE.has(event)) return 'd360.channel_webhook';
  if (!ROUTING_WORD.test(event)) return undefined;
  const type = `d360.${event}`;
  return isKnownEventType(type) ? type : undefined;
}

/** A bounded metrics label: the catalog's own event names, anything else is `other`. */
export function eventLabelOf(source: WebhookSource, event: string): string {
  const type = publicationTypeOf(source, event);
  return type !== undefined && Object.hasOwn(eventCatalog, type) ? type.slice('d360.'.length) : 'other';
}

/**
 * The `d360.*` event for a webhook whose tenant is known; undefined when it has no publication
 * type. `linkedChannelId`: the tenant's channel the webhook was matched to, for payloads that do
 * not name it themselves (Meta's name the number), so consumers need not look it up.
 */
export function d360EventFor(webhook: PublishableWebhook, tenantId: string, linkedChannelId?: string): EventEnvelope | undefined {
  const type = publicationTypeOf(webhook.source, webhook.event);
  if (type === undefined) return undefined;
  const { clientId, wabaAccountId, phoneNumber, phoneNumberId } = webhook.references;
  const channelId = webhook.references.channelId ?? linkedChannelId;
  const data = {
    webhook_event_id: webhook.dedupeKey,
    event: webhook.event,
    ...(channelId === undefined ? {} : { channel_id: channelId }),
    ...(clientId === undefined ? {} : { client_id: clientId }),
    ...(wabaAccountId === undefined ? {} : { waba_account_id: wabaAccountId }),
    ...(phoneNumber === undefined ? {} : { phone_number: `+${phoneNumber}` }),
    ...(phoneNumberId === undefined ? {} : { phone_number_id: phoneNumberId }),
    received_at: webhook.receivedAt.toISOString(),
    payload: webhook.historySummary ?? publishedPayloadOf(webhook.event, webhook.body ?? {}),
  };
  return createEvent(type as EventType, data as EventDataInput<EventType>, {
    id: webhook.id,
    source: PUBLISHER,
    tenantId,
    occurredAt: webhook.receivedAt,
  });
}

/** 360dialog's `data` for its own envelope; a Meta payload (channel URL) travels whole. */
function publishedPayloadOf(event: string, body: Record<string, unknown>): Record<string, unknown> {
  if (typeof body.event === 'string') return objectOf(body.data) ?? {};
  // Meta's account_update says what happened (ACCOUNT_OFFBOARDED, …) inside its change value.
  if (event === 'account_update') return metaChangeValueOf(body) ?? body;
  return body;
}
