import { requireInternalKey } from '@chatpilot/http';
import { Router } from 'express';

import { getWebhookEvent } from '../app/get-webhook-event';
import type { StoredWebhookEvent, WebhookEventReader } from '../app/ports';
import { toHttpError } from './webhook-error.mapper';

export interface InternalRoutesDeps {
  reader: WebhookEventReader;
  internalApiKeys: readonly string[];
  retryAfterSeconds: number;
}

/** `GET /internal/webhook-events/:id`: a stored webhook with its raw payload, for the messaging side. */
export function internalRouter(deps: InternalRoutesDeps): Router {
  const router = Router();
  // The key is checked before the router decodes path parameters, so a caller without it learns nothing from a bad path.
  router.use('/internal', requireInternalKey(deps.internalApiKeys));
  router.get('/internal/webhook-events/:id', async (req, res) => {
    const result = await getWebhookEvent(deps.reader, String(req.params.id));
    if (!result.ok) throw toHttpError(result.error, res, deps.retryAfterSeconds);
    res.type('application/json').send(responseBody(result.event));
  });
  return router;
}

/** The stored JSON text is spliced in as is: a history chunk can be megabytes, not worth parsing again. */
function responseBody(event: StoredWebhookEvent): string {
  const { channelId, clientId, wabaAccountId, phoneNumber, phoneNumberId } = event.references;
  const description = JSON.stringify({
    webhook_event_id: event.webhookEventId,
    event: event.event,
    source: event.source,
    status: event.status,
    tenant_id: event.tenantId,
    channel_id: channelId ?? null,
    client_id: clientId ?? null,
    waba_account_id: wabaAccountId ?? null,
    phone_number: phoneNumber === undefined ? null : `+${phoneNumber}`,
    phone_number_id: phoneNumberId ?? null,
    received_at: event.receivedAt.toISOString(),
    published_at: event.publishedAt?.toISOString() ?? null,
  });
  return `${description.slice(0, -1)},"payload":${event.payloadJson}}`;
}
