import { isPossibleWebhookEventId } from '../domain/incoming-webhook';
import { webhookError, WebhookErrorCode, type WebhookError } from '../domain/webhook-errors';
import type { StoredWebhookEvent, WebhookEventReader } from './ports';

export type GetWebhookEventResult = { ok: true; event: StoredWebhookEvent } | { ok: false; error: WebhookError };

/** The stored webhook (raw payload included) for the messaging side, by the `webhook_event_id` it was published with. */
export async function getWebhookEvent(reader: WebhookEventReader, webhookEventId: string): Promise<GetWebhookEventResult> {
  const event = isPossibleWebhookEventId(webhookEventId) ? await reader.findByWebhookEventId(webhookEventId) : undefined;
  if (event === undefined) return { ok: false, error: webhookError(WebhookErrorCode.EVENT_NOT_FOUND, 'No webhook event with this id') };
  return { ok: true, event };
}
