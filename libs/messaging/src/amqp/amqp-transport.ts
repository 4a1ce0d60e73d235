import type { Logger } from '@chatpilot/logger';

import type { ActiveSubscription, MessageTransport } from '../transport/message-transport';
import { createAmqpConnection } from './amqp-connection';
import { createAmqpDeadLetterStore } from './amqp-dead-letters';
import { createAmqpPublisher } from './amqp-publisher';
import { startAmqpSubscription } from './amqp-subscription';

export const DEFAULT_EXCHANGE = 'chatpilot.events';

export interface AmqpTransportOptions {
  url: string;
  logger: Logger;
  /** The topic exchange; defaults to `chatpilot.events` (tests use their own namespace). */
  exchange?: string;
  /** Shown in the RabbitMQ management UI, e.g. the service name. */
  connectionName?: string;
  heartbeatSeconds?: number;
  reconnectBaseDelayMs?: number;
  reconnectMaxDelayMs?: number;
  confirmTimeoutMs?: number;
  /** Unacked deliveries (crash loops) before RabbitMQ dead-letters a message itself; defaults to 20. */
  deliveryLimit?: number;
  /** How long stopping a subscription waits for deliveries in progress; defaults to 10 s. */
  stopTimeoutMs?: number;
}

/**
 * The RabbitMQ transport. Publishing and consuming use separate self-healing connections, as
 * RabbitMQ advises: flow control throttles a publishing connection, and it must not hold back
 * the deliveries and acks of the consumers.
 */
export function createAmqpTransport(options: AmqpTransportOptions): MessageTransport {
  const exchange = options.exchange ?? DEFAULT_EXCHANGE;
  const logger = options.logger.child({ component: 'amqp-transport', exchange });
  const name = options.connectionName ?? 'chatpilot';
  const publishing = createAmqpConnection({ ...options, connectionName: `${name} (publish)`, logger });
  const connection = createAmqpConnection({ ...options, connectionName: `${name} (consume)`, logger });
  const publisher = createAmqpPublisher({ connection: publishing, exchange, logger, confirmTimeoutMs: options.confirmTimeoutMs });
  const subscriptions = new Set<ActiveSubscription>();
  const connected = (): boolean => publishing.current() !== undefined && connection.current() !== undefined;

  return {
    start: async () => {
      await Promise.all([publishing.start(), connection.start()]);
    },
    publish: (messages) => publisher.publish(messages),
    subscribe: async (subscription) => {
      const active = await startAmqpSubscription(
        { connection, exchange, logger, deliveryLimit: options.deliveryLimit ?? 20, stopTimeoutMs: options.stopTimeoutMs ?? 10_000 },
        subscription,
      );
      subscriptions.add(active);
      return {
        stop: async () => {
          subscriptions.delete(active);
          await active.stop();
        },
      };
    },
    isConnected: connected,
    deadLetters: createAmqpDeadLetterStore(connection),
    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      subscriptions.clear();
      await Promise.all([publishing.close(), connection.close()]);
    },
  };
}
