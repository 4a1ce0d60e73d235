export { createAmqpTransport, DEFAULT_EXCHANGE } from './amqp/amqp-transport';
export type { AmqpTransportOptions } from './amqp/amqp-transport';
export { createInMemoryTransport } from './memory/in-memory-transport';
export type { InMemoryTransportOptions } from './memory/in-memory-transport';
export type {
  ActiveSubscription,
  DeadLetter,
  DeadLetterReason,
  DeadLetterStore,
  DeliveryDecision,
  InboundDelivery,
  MessageTransport,
  OutboundMessage,
  PublishOutcome,
  TransportSubscription,
} from './transport/message-transport';
export { MESSAGE_HEADERS } from './transport/message-headers';
export { consumerQueueNames, deadLetterQueueName, delayQueueName, workQueueName } from './transport/topology-names';
export { createEventConsumer, DEFAULT_RETRY_DELAYS_MS } from './consumer/event-consumer';
export type { EventConsumer, EventConsumerOptions } from './consumer/event-consumer';
export { CommitEffects } from './consumer/event-handlers';
export type { EventHandler, EventHandlerContext, EventHandlers } from './consumer/event-handlers';
export { isNonRetryable, NonRetryableError } from './consumer/handler-errors';
export { changeWithEvents, enqueueEvent, enqueueEvents } from './outbox/enqueue-events';
export { createOutboxRelay } from './outbox/outbox-relay';
export type { OutboxRelay, OutboxRelayOptions, RelayCycle } from './outbox/outbox-relay';
export { CreateMessagingTables1767225600000 } from './schema/create-messaging-tables.migration';
export { DropOutboxNotify1796601600000 } from './schema/drop-outbox-notify.migration';
export { MESSAGING_MIGRATIONS } from './schema/messaging-migrations';
export { OrderOutboxByInsertion1767500000000 } from './schema/order-outbox-by-insertion.migration';
export { InboxRecord } from './schema/inbox-record.entity';
export { OutboxMessage } from './schema/outbox-message.entity';
export { createMessagingMetrics } from './metrics';
export type { MessagingMetrics } from './metrics';
