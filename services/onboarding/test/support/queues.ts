import { consumerQueueNames, DEFAULT_RETRY_DELAYS_MS } from '@chatpilot/messaging';
import type { AmqpNamespace } from '@chatpilot/testing';

/** A consumer name in the namespace, its derived queues claimed so the namespace cleanup deletes them. */
export function claimConsumer(namespace: AmqpNamespace, service: string, retryDelaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS): string {
  const consumer = namespace.name(service);
  for (const queue of consumerQueueNames(consumer, retryDelaysMs)) {
    if (queue !== consumer) namespace.name(queue.slice(namespace.prefix.length + 1));
  }
  return consumer;
}
