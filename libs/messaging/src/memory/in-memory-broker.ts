import type { Logger } from '@chatpilot/logger';

import { describeError } from '../support/describe-error';
import type { InFlight } from '@chatpilot/resilience';
import { deadLetterHeaders, type MessageHeaders, readFailedAttempts, retryHeaders } from '../transport/message-headers';
import { type DeliveryDecision, type OutboundMessage, type PublishOutcome, type TransportSubscription, UNROUTABLE_REASON } from '../transport/message-transport';
import { topicMatches } from './topic-match';

export interface StoredMessage {
  messageId: string | undefined;
  type: string | undefined;
  body: Buffer;
  headers: MessageHeaders;
  /** Deliveries that failed outside the handler's decision (RabbitMQ counts these for its delivery limit). */
  unexpectedFailures?: number;
}

export interface InMemoryBrokerOptions {
  /** Unexpected delivery failures before the message is dead-lettered (RabbitMQ's delivery limit); defaults to 20. */
  deliveryLimit?: number;
  /** Wait before a delivery that failed unexpectedly is tried again; defaults to 1 s. */
  requeueDelayMs?: number;
}

/** A consumer's work queue with its dead letters; like a durable queue it outlives subscriptions. */
export interface InMemoryQueue {
  consumer: string;
  bindingKeys: Set<string>;
  ready: StoredMessage[];
  deadLetters: StoredMessage[];
  active?: { subscription: TransportSubscription; inFlight: InFlight };
}

export interface InMemoryBroker {
  queues: Map<string, InMemoryQueue>;
  queueFor(consumer: string): InMemoryQueue;
  route(message: OutboundMessage): PublishOutcome;
  /** Hands ready messages to the queue's subscription, up to its prefetch. */
  dispatch(queue: InMemoryQueue): void;
  close(): void;
}

/** Topic routing, prefetch, delayed retries and dead letters, inside the process. */
export function createInMemoryBroker(logger: Logger, options: InMemoryBrokerOptions = {}): InMemoryBroker {
  const deliveryLimit = options.deliveryLimit ?? 20;
  const requeueDelayMs = options.requeueDelayMs ?? 1_000;
  const queues = new Map<string, InMemoryQueue>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let closed = false;

  const dispatch = (queue: InMemoryQueue): void => {
    const active = queue.active;
    while (!closed && active && queue.active === active && active.inFlight.count() < active.subscription.prefetch) {
      const message = queue.ready.shift();
      if (!message) return;
      const done = active.inFlight.begin();
      void deliver(queue, active.subscription, message).finally(() => {
        done();
        dispatch(queue);
      });
    }
  };

  const deliver = async (queue: InMemoryQueue, subscription: TransportSubscription, message: StoredMessage): Promise<void> => {
    try {
      const decision = await subscription.handle({ body: message.body, messageId: message.messageId, failedAttempts: readFailedAttempts(message.headers) });
      settle(queue, message, decision);
    } catch (error) {
      failedUnexpectedly(queue, message, error);
    }
  };

  // Requeued after a pause, not at once: a failure that repeats would otherwise redeliver in a
  // microtask loop and starve the process. Past the delivery limit it is dead-lettered.
  const failedUnexpectedly = (queue: InMemoryQueue, message: StoredMessage, error: unknown): void => {
    const failed = { ...message, unexpectedFailures: (message.unexpectedFailures ?? 0) + 1 };
    if (failed.unexpectedFailures >= deliveryLimit) {
      logger.error({ err: describeError(error), consumer: queue.consumer, deliveries: failed.unexpectedFailures }, 'delivery kept failing unexpectedly; dead-lettering it');
      const decision = { reason: 'ATTEMPTS_EXHAUSTED' as const, failedAttempts: readFailedAttempts(message.headers), error: describeError(error) };
      queue.deadLetters.push({ ...message, headers: deadLetterHeaders(message.headers, decision) });
      return;
    }
    logger.error({ err: describeError(error), consumer: queue.consumer }, 'delivery failed unexpectedly; requeueing it');
    later(requeueDelayMs, () => {
      queue.ready.unshift(failed);
      dispatch(queue);
    });
  };

  const later = (delayMs: number, work: () => void): void => {
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      work();
    }, delayMs);
    retryTimers.add(timer);
  };

  const settle = (queue: InMemoryQueue, message: StoredMessage, decision: DeliveryDecision): void => {
    if (decision.action === 'dead-letter') {
      queue.deadLetters.push({ ...message, headers: deadLetterHeaders(message.headers, decision) });
    } else if (decision.action === 'retry') {
      const retried = { ...message, headers: retryHeaders(message.headers, decision.failedAttempts, decision.error) };
      later(decision.delayMs, () => {
        queue.ready.push(retried);
        dispatch(queue);
      });
    }
  };

  return {
    queues,
    queueFor: (consumer) => {
      const existing = queues.get(consumer);
      if (existing) return existing;
      const queue: InMemoryQueue = { consumer, bindingKeys: new Set(), ready: [], deadLetters: [] };
      queues.set(consumer, queue);
      return queue;
    },
    route: (message) => {
      const targets = [...queues.values()].filter((queue) => [...queue.bindingKeys].some((key) => topicMatches(key, message.type)));
      if (targets.length === 0) return { id: message.id, status: 'rejected', reason: UNROUTABLE_REASON, unroutable: true };
      for (const queue of targets) {
        queue.ready.push({ messageId: message.id, type: message.type, body: Buffer.from(message.body), headers: {} });
        dispatch(queue);
      }
      return { id: message.id, status: 'confirmed' };
    },
    dispatch,
    close: () => {
      closed = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
    },
  };
}

