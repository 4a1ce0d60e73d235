import type { Logger } from '@chatpilot/logger';

import { createInFlight } from '@chatpilot/resilience';
import { describeDeadLetter, replayHeaders } from '../transport/message-headers';
import type { DeadLetterStore, MessageTransport, PublishOutcome } from '../transport/message-transport';
import { createInMemoryBroker, type InMemoryBroker, type StoredMessage } from './in-memory-broker';

export interface InMemoryTransportOptions {
  logger: Logger;
  /** How long stopping a subscription waits for deliveries in progress; defaults to 10 s. */
  stopTimeoutMs?: number;
}

/**
 * The broker inside the process, for the single-process mode: the same routing, prefetch,
 * delayed retries and dead letters as the RabbitMQ topology, without durability — whatever sits
 * in a queue is lost with the process (the outbox still holds what was not yet published).
 */
export function createInMemoryTransport(options: InMemoryTransportOptions): MessageTransport {
  const broker = createInMemoryBroker(options.logger.child({ component: 'in-memory-transport' }));
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  let closed = false;

  return {
    start: async () => undefined,
    publish: async (messages) => {
      // Like a broker round trip: consumers never run inside the publisher's call stack.
      await new Promise((resolve) => setImmediate(resolve));
      return messages.map((message): PublishOutcome => (closed ? { id: message.id, status: 'unconfirmed', reason: 'transport closed' } : broker.route(message)));
    },
    subscribe: async (subscription) => {
      const queue = broker.queueFor(subscription.consumer);
      if (queue.active) throw new Error(`${subscription.consumer} already has a subscription`);
      for (const key of subscription.bindingKeys) queue.bindingKeys.add(key);
      const active = { subscription, inFlight: createInFlight() };
      queue.active = active;
      broker.dispatch(queue);
      return {
        stop: async () => {
          if (queue.active === active) queue.active = undefined;
          await active.inFlight.idle(stopTimeoutMs);
        },
      };
    },
    isConnected: () => !closed,
    deadLetters: inMemoryDeadLetters(broker),
    close: async () => {
      closed = true;
      broker.close();
      await Promise.all([...broker.queues.values()].map((queue) => queue.active?.inFlight.idle(stopTimeoutMs)));
    },
  };
}

function inMemoryDeadLetters(broker: InMemoryBroker): DeadLetterStore {
  const replayWhere = (consumer: string, matches: (message: StoredMessage) => boolean): number => {
    const queue = broker.queues.get(consumer);
    if (!queue) return 0;
    const replayed = queue.deadLetters.filter(matches);
    queue.deadLetters = queue.deadLetters.filter((message) => !matches(message));
    for (const message of replayed) queue.ready.push({ ...message, headers: replayHeaders(message.headers) });
    broker.dispatch(queue);
    return replayed.length;
  };
  return {
    list: async (consumer, options = {}) =>
      (broker.queues.get(consumer)?.deadLetters ?? []).slice(0, options.limit ?? 100).map((message) => describeDeadLetter(message)),
    replay: async (consumer, messageId) => replayWhere(consumer, (message) => message.messageId === messageId) > 0,
    replayAll: async (consumer) => replayWhere(consumer, () => true),
  };
}
