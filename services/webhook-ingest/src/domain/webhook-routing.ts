import type { EventEnvelope } from '@chatpilot/contracts';

import { channelFor, tenantFor, type LinkedChannel } from './linked-channel';
import { d360EventFor, publicationTypeOf, type PublishableWebhook } from './publication';
import { initialStatus, type WebhookStatus } from './webhook-status';

export interface WebhookRouting {
  status: WebhookStatus;
  tenantId?: string;
  /** The event to write to the outbox with the row, when `status` is `published`. */
  event?: EventEnvelope;
  /** Why a webhook with a publication type could not become an event (a contract mismatch). */
  unpublishable?: string;
}

/** Where a newly stored webhook goes: straight to the outbox with its tenant, to the buffer, or nowhere. */
export function routeWebhook(webhook: PublishableWebhook, linked: readonly LinkedChannel[]): WebhookRouting {
  const tenantId = tenantFor(webhook.references, linked);
  const publishable = publicationTypeOf(webhook.source, webhook.event) !== undefined;
  const status = initialStatus(publishable, tenantId);
  if (status !== 'published' || tenantId === undefined) return { status, ...(tenantId === undefined ? {} : { tenantId }) };
  try {
    const channel = channelFor(webhook.references, linked);
    return { status, tenantId, event: d360EventFor(webhook, tenantId, channel?.tenantId === tenantId ? channel.channelId : undefined) };
  } catch (error) {
    // Storing must not fail over a contract mismatch: the row is kept (and readable) unpublished.
    return { status: 'received', tenantId, unpublishable: error instanceof Error ? error.message : String(error) };
  }
}
