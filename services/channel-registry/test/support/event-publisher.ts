import { randomUUID } from 'node:crypto';

import { createEvent, type EventEnvelope } from '@chatpilot/contracts';
import type { Logger } from '@chatpilot/logger';
import { createAmqpTransport, type MessageTransport } from '@chatpilot/messaging';

export interface PartnerWebhookEvent {
  event: string;
  channelId?: string;
  phoneNumber?: string;
  receivedAt: Date;
  payload?: Record<string, unknown>;
  /** The bus event id; fixed to send an exact duplicate. */
  id?: string;
}

export interface EventPublisher {
  publish(event: EventEnvelope): Promise<void>;
  /** A `d360.<event>` as webhook-ingest publishes it. */
  publishWebhook(webhook: PartnerWebhookEvent): Promise<EventEnvelope>;
  close(): Promise<void>;
}

/** Publishes events onto the test exchange the way the producing services' relays do. */
export async function createEventPublisher(options: { url: string; exchange: string; logger: Logger }): Promise<EventPublisher> {
  const transport: MessageTransport = createAmqpTransport({ url: options.url, exchange: options.exchange, logger: options.logger });
  await transport.start();
  const publish = async (event: EventEnvelope): Promise<void> => {
    const [outcome] = await transport.publish([{ id: event.id, type: event.type, body: Buffer.from(JSON.stringify(event)) }]);
    if (outcome?.status !== 'confirmed') throw new Error(`publishing ${event.type} was not confirmed: ${JSON.stringify(outcome)}`);
  };
  return {
    publish,
    publishWebhook: async (webhook) => {
      const event = d360Event(webhook);
      await publish(event);
      return event;
    },
    close: () => transport.close(),
  };
}

export function d360Event(webhook: PartnerWebhookEvent): EventEnvelope {
  return createEvent(
    `d360.${webhook.event}` as 'd360.channel_running',
    {
      webhook_event_id: randomUUID(),
      event: webhook.event,
      ...(webhook.channelId === undefined ? {} : { channel_id: webhook.channelId }),
      ...(webhook.phoneNumber === undefined ? {} : { phone_number: webhook.phoneNumber }),
      received_at: webhook.receivedAt.toISOString(),
      payload: webhook.payload ?? {},
    },
    { source: 'webhook-ingest', ...(webhook.id === undefined ? {} : { id: webhook.id }), occurredAt: webhook.receivedAt },
  );
}
