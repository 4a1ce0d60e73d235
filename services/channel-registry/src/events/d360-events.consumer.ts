import { d360PartnerEventDataSchema, type EventType, isKnownEventType } from '@chatpilot/contracts';
import { type EventHandler, type EventHandlers, NonRetryableError } from '@chatpilot/messaging';
import type { EntityManager } from 'typeorm';

import { type D360ChannelEvent, handleD360Event } from '../app/handle-d360-event';
import type { RegistryMetrics, RegistryTransaction } from '../app/ports';
import { webhookEventsWithStatus } from '../domain/status-mapping';

/**
 * The `d360.*` types the registry consumes: every webhook event the status mapping table has a
 * row for, as far as the event catalog carries it (a row whose event the catalog does not list
 * is not subscribed until the catalog adds it).
 */
export function consumedEventTypes(): EventType[] {
  return webhookEventsWithStatus()
    .map((event) => `d360.${event}`)
    .filter(isKnownEventType);
}

/** Inbox handlers: each event's effect commits in the transaction that records it as processed. */
export function d360EventHandlers(deps: { metrics: RegistryMetrics; transactionFor: (manager: EntityManager) => RegistryTransaction }): EventHandlers {
  const handle: EventHandler<{ id: string; type: string; data: unknown }> = async (event, context) => {
    const data = d360PartnerEventDataSchema.safeParse(event.data);
    if (!data.success) throw new NonRetryableError(`${event.type} does not carry a partner webhook`);
    const channelEvent: D360ChannelEvent = {
      type: event.type,
      event: data.data.event,
      ...(data.data.channel_id === undefined ? {} : { channelId: data.data.channel_id }),
      ...(data.data.phone_number === undefined ? {} : { phoneNumber: data.data.phone_number }),
      receivedAt: new Date(data.data.received_at),
      payload: data.data.payload,
    };
    const result = await handleD360Event(deps.transactionFor(context.entityManager), channelEvent, deps.metrics);
    const line = { channel_id: channelEvent.channelId, result };
    if (result === 'unknown_channel') context.logger.warn(line, 'd360 event for an unknown channel dropped');
    else context.logger.info(line, 'd360 event handled');
  };
  return Object.fromEntries(consumedEventTypes().map((type) => [type, handle])) as EventHandlers;
}
