import type { Channel } from 'amqplib';

import { deadLetterQueueName, delayQueueName, workQueueName } from '../transport/topology-names';

export interface ConsumerTopology {
  exchange: string;
  consumer: string;
  bindingKeys: readonly string[];
  retryDelaysMs: readonly number[];
  /**
   * Deliveries without an ack (the consumer crashed or lost its link each time) before RabbitMQ
   * dead-letters a message by itself: a guard against crash loops, not the retry policy.
   */
  deliveryLimit: number;
}

// Quorum queues dead-letter with publisher confirms under this strategy (RabbitMQ 3.10+); it
// needs reject-publish overflow. The default (at-most-once) could lose a message on its way
// from a delay queue back to the work queue.
const SAFE_DEAD_LETTERING = { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' };

/**
 * Declares (idempotently) the exchange and every queue of one consumer: the quorum work queue
 * bound to its routing keys, one delay queue per retry delay that dead-letters back into the
 * work queue when its TTL expires, and the dead-letter queue.
 */
export async function declareConsumerTopology(channel: Channel, topology: ConsumerTopology): Promise<void> {
  const { exchange, consumer } = topology;
  const workQueue = workQueueName(consumer);
  const deadLetterQueue = deadLetterQueueName(consumer);
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.assertQueue(workQueue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': topology.deliveryLimit,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': deadLetterQueue,
      ...SAFE_DEAD_LETTERING,
    },
  });
  for (const delayMs of new Set(topology.retryDelaysMs)) {
    await channel.assertQueue(delayQueueName(consumer, delayMs), {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': workQueue,
        ...SAFE_DEAD_LETTERING,
      },
    });
  }
  for (const bindingKey of new Set(topology.bindingKeys)) {
    await channel.bindQueue(workQueue, exchange, bindingKey);
  }
}
