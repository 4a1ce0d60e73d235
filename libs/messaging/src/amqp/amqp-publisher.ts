import type { Logger } from '@chatpilot/logger';
import type { ConfirmChannel, Options } from 'amqplib';

import { describeError } from '../support/describe-error';
import { type OutboundMessage, type PublishOutcome, UNROUTABLE_REASON } from '../transport/message-transport';
import type { AmqpConnection } from './amqp-connection';
import { type ReturnedMessages, trackReturnedMessages } from './returned-messages';

export interface AmqpPublisherOptions {
  connection: AmqpConnection;
  exchange: string;
  logger: Logger;
  /** How long to wait for the broker's confirms before calling a batch unconfirmed; defaults to 15 s. */
  confirmTimeoutMs?: number;
}

export interface AmqpPublisher {
  publish(messages: readonly OutboundMessage[]): Promise<PublishOutcome[]>;
}

interface PublishingChannel {
  channel: ConfirmChannel;
  returned: ReturnedMessages;
}

const NACK_MESSAGE = 'message nacked'; // what amqplib passes to the confirm callback on basic.nack

/** Publishes persistent, mandatory messages on a confirm channel and reports each one's fate. */
export function createAmqpPublisher(options: AmqpPublisherOptions): AmqpPublisher {
  const { connection, exchange, logger } = options;
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 15_000;
  let channelPromise: Promise<PublishingChannel> | undefined;

  const openChannel = async (): Promise<PublishingChannel> => {
    const model = connection.current();
    if (!model) throw new Error('not connected to RabbitMQ');
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: unknown) => logger.warn({ err: describeError(error) }, 'publishing channel error'));
    const returned = trackReturnedMessages(channel);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    return { channel, returned };
  };

  const channel = (): Promise<PublishingChannel> => {
    if (channelPromise) return channelPromise;
    const opening = openChannel();
    const forget = (): void => {
      if (channelPromise === opening) channelPromise = undefined;
    };
    opening.then((state) => state.channel.once('close', forget), forget);
    channelPromise = opening;
    return opening;
  };

  return {
    publish: async (messages) => {
      if (messages.length === 0) return [];
      try {
        return await publishBatch(await channel(), exchange, messages, confirmTimeoutMs);
      } catch (error) {
        return messages.map((message) => ({ id: message.id, status: 'unconfirmed', reason: describeError(error) }));
      }
    },
  };
}

async function publishBatch(
  target: PublishingChannel,
  exchange: string,
  messages: readonly OutboundMessage[],
  confirmTimeoutMs: number,
): Promise<PublishOutcome[]> {
  const { channel, returned } = target;
  const pending: Promise<PublishOutcome>[] = [];
  for (const message of messages) {
    let writable = true;
    pending.push(
      new Promise((resolve) => {
        writable = channel.publish(exchange, message.type, message.body, publishOptions(message), (error) =>
          resolve(confirmOutcome(message.id, error, returned)),
        );
      }),
    );
    if (!writable) await drained(channel);
  }
  const { outcomes, timedOut } = await settleWithin(pending, messages, confirmTimeoutMs);
  // A channel whose confirms stall is in an unknown state: start the next batch on a fresh one.
  if (timedOut) await channel.close().catch(() => undefined);
  return outcomes;
}

function publishOptions(message: OutboundMessage): Options.Publish {
  return {
    persistent: true,
    mandatory: true,
    messageId: message.id,
    type: message.type,
    contentType: 'application/json',
    timestamp: Math.floor(Date.now() / 1000),
  };
}

function confirmOutcome(id: string, error: unknown, returned: ReturnedMessages): PublishOutcome {
  if (error) {
    const nacked = error instanceof Error && error.message === NACK_MESSAGE;
    return nacked ? { id, status: 'rejected', reason: 'nacked by the broker', unroutable: false } : { id, status: 'unconfirmed', reason: describeError(error) };
  }
  if (returned.take(id)) return { id, status: 'rejected', reason: UNROUTABLE_REASON, unroutable: true };
  return { id, status: 'confirmed' };
}

function drained(channel: ConfirmChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.once('drain', done);
    channel.once('close', done);
  });
}

async function settleWithin(
  pending: Promise<PublishOutcome>[],
  messages: readonly OutboundMessage[],
  timeoutMs: number,
): Promise<{ outcomes: PublishOutcome[]; timedOut: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve();
    }, timeoutMs);
  });
  const outcomes = await Promise.all(
    pending.map((outcome, index) =>
      Promise.race([
        outcome,
        deadline.then((): PublishOutcome => ({ id: messages[index]!.id, status: 'unconfirmed', reason: `no confirm within ${timeoutMs} ms` })),
      ]),
    ),
  );
  clearTimeout(timer);
  return { outcomes, timedOut };
}
