import type { Logger } from '@chatpilot/logger';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';

import { describeError } from '../support/describe-error';
import { createInFlight } from '@chatpilot/resilience';
import { within } from '../support/within';
import { deadLetterHeaders, type MessageHeaders, readFailedAttempts, retryHeaders } from '../transport/message-headers';
import type { ActiveSubscription, DeliveryDecision, TransportSubscription } from '../transport/message-transport';
import { deadLetterQueueName, delayQueueName, workQueueName } from '../transport/topology-names';
import { type AckBatcher, createAckBatcher } from './ack-batcher';
import type { AmqpConnection } from './amqp-connection';
import { declareConsumerTopology } from './amqp-topology';
import { type ForwardingChannel, forward } from './forward-message';
import { trackReturnedMessages } from './returned-messages';

export interface AmqpSubscriptionDependencies {
  connection: AmqpConnection;
  exchange: string;
  logger: Logger;
  deliveryLimit: number;
  /** How long `stop()` waits for deliveries in progress. */
  stopTimeoutMs: number;
}

/** A channel that closed while its connection stayed up is reopened after this pause. */
const CHANNEL_REOPEN_DELAY_MS = 1_000;

/**
 * Consumes a consumer's work queue on every (re)connection. Each delivery is acked only after
 * its decision is carried out: a retry or dead letter is first confirmed by the broker in its new
 * queue. Anything left unacked when a link drops is redelivered by RabbitMQ.
 */
export async function startAmqpSubscription(
  deps: AmqpSubscriptionDependencies,
  subscription: TransportSubscription,
): Promise<ActiveSubscription> {
  const logger = deps.logger.child({ consumer: subscription.consumer });
  const inFlight = createInFlight();
  let stopped = false;
  let active: { channel: ConfirmChannel; consumerTag: string; acks: AckBatcher } | undefined;

  const deliver = async (target: ForwardingChannel, acks: AckBatcher, message: ConsumeMessage): Promise<void> => {
    const done = inFlight.begin();
    acks.received(message);
    try {
      const decision = await subscription.handle({
        body: message.content,
        messageId: message.properties.messageId ? String(message.properties.messageId) : undefined,
        failedAttempts: readFailedAttempts(message.properties.headers),
      });
      await settle(target, message, decision, subscription.consumer);
      acks.acknowledge(message);
    } catch (error) {
      // Usually the channel closed under us and RabbitMQ redelivers by itself; if it is still
      // open, hand the message back rather than hold a prefetch slot forever.
      logger.warn({ err: describeError(error), message_id: message.properties.messageId }, 'could not settle a delivery; requeueing it');
      try {
        acks.requeue(message);
      } catch {
        // channel already closed
      }
    } finally {
      done();
    }
  };

  const setUp = async (model: ChannelModel): Promise<void> => {
    if (stopped) return;
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: unknown) => logger.warn({ err: describeError(error) }, 'consumer channel error'));
    const target: ForwardingChannel = { channel, returned: trackReturnedMessages(channel) };
    const acks = createAckBatcher(channel);
    channel.once('close', () => {
      if (active?.channel === channel) active = undefined;
      if (!stopped) reopenLater(model);
    });
    await declareConsumerTopology(channel, { ...subscription, exchange: deps.exchange, deliveryLimit: deps.deliveryLimit });
    await channel.prefetch(subscription.prefetch);
    const { consumerTag } = await channel.consume(
      workQueueName(subscription.consumer),
      (message) => {
        // null: RabbitMQ cancelled us (e.g. the queue was deleted); a fresh channel re-declares it.
        if (message === null) return void channel.close().catch(() => undefined);
        void deliver(target, acks, message);
      },
      { noAck: false },
    );
    active = { channel, consumerTag, acks };
    logger.info({ queue: workQueueName(subscription.consumer), prefetch: subscription.prefetch }, 'consuming events');
  };

  const reopenLater = (model: ChannelModel): void => {
    setTimeout(() => {
      if (stopped || deps.connection.current() !== model) return;
      setUp(model).catch((error: unknown) => {
        logger.error({ err: describeError(error) }, 'could not reopen the consumer channel; reconnecting');
        model.close().catch(() => undefined);
      });
    }, CHANNEL_REOPEN_DELAY_MS).unref();
  };

  const unsubscribe = await deps.connection.onConnected(setUp);
  return {
    // Every step waits for the broker, which may have stopped reading (a memory or disk alarm
    // blocks a connection that has published a retry or dead letter): all of them share one
    // deadline, and the transport's close then drops the connection itself.
    stop: async () => {
      stopped = true;
      unsubscribe();
      const current = active;
      const endsAt = Date.now() + deps.stopTimeoutMs;
      const remaining = (): number => Math.max(0, endsAt - Date.now());
      await settledWithin(current?.channel.cancel(current.consumerTag), remaining());
      if (!(await inFlight.idle(remaining()))) logger.warn({ in_flight: inFlight.count() }, 'stopped with deliveries still in progress');
      current?.acks.flush();
      if (!(await settledWithin(current?.channel.close(), remaining()))) logger.warn('the consumer channel did not close in time; leaving it to the connection close');
    },
  };
}

/** Carries out a retry or dead-letter decision; the caller acks afterwards. */
async function settle(target: ForwardingChannel, message: ConsumeMessage, decision: DeliveryDecision, consumer: string): Promise<void> {
  const headers = message.properties.headers as MessageHeaders | undefined;
  if (decision.action === 'retry') {
    const queue = delayQueueName(consumer, decision.delayMs);
    await forward(target, queue, message, retryHeaders(headers, decision.failedAttempts, decision.error));
  } else if (decision.action === 'dead-letter') {
    await forward(target, deadLetterQueueName(consumer), message, deadLetterHeaders(headers, decision));
  }
}

/** Waits for `work` to settle, at most `timeoutMs`; true when it did (its failure is ignored). */
async function settledWithin(work: Promise<unknown> | undefined, timeoutMs: number): Promise<boolean> {
  if (work === undefined) return true;
  return (await within(work.then(() => true, () => true), timeoutMs)) === true;
}
