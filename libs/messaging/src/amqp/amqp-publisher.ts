import type { Logger } from '@chatpilot/logger';
import type { ConfirmChannel, Options } from 'amqplib';

import { describeError } from '../support/describe-error';
import { within } from '../support/within';
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
        const opening = channel();
        const target = await within(opening, confirmTimeoutMs);
        if (target === undefined) {
          // Opening a channel waits for the broker too: one that stopped reading never answers.
          if (channelPromise === opening) channelPromise = undefined;
          opening.then((late) => late.channel.close().catch(() => undefined), () => undefined);
          return messages.map((message) => ({ id: message.id, status: 'unconfirmed', reason: `no publishing channel within ${confirmTimeoutMs} ms` }));
        }
        const { outcomes, timedOut } = await publishBatch(target, exchange, messages, confirmTimeoutMs);
        // A channel whose confirms stall is in an unknown state: the next batch opens a fresh one.
        // Its close is not awaited: a broker that stopped reading (a memory or disk alarm blocks
        // publishing connections) never answers it, and the relay would hang in its transaction.
        if (timedOut) {
          if (channelPromise === opening) channelPromise = undefined;
          target.channel.close().catch(() => undefined);
        }
        return outcomes;
      } catch (error) {
        return messages.map((message) => ({ id: message.id, status: 'unconfirmed', reason: describeError(error) }));
      }
    },
  };
}

/** Publishes the batch and waits for its confirms, all within `timeoutMs` (waits for drain included). */
async function publishBatch(
  target: PublishingChannel,
  exchange: string,
  messages: readonly OutboundMessage[],
  timeoutMs: number,
): Promise<{ outcomes: PublishOutcome[]; timedOut: boolean }> {
  const { channel, returned } = target;
  const deadline = createDeadline(timeoutMs);
  try {
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
      if (!writable) await Promise.race([drained(channel), deadline.reached]);
      if (deadline.passed()) break;
    }
    const unconfirmed = (message: OutboundMessage): PublishOutcome => ({ id: message.id, status: 'unconfirmed', reason: `no confirm within ${timeoutMs} ms` });
    const outcomes = await Promise.all(messages.map((message, index) => (pending[index] ? Promise.race([pending[index], deadline.reached.then(() => unconfirmed(message))]) : unconfirmed(message))));
    return { outcomes, timedOut: deadline.passed() };
  } finally {
    deadline.cancel();
  }
}

interface Deadline {
  /** Resolves when the time is up (never rejects). */
  reached: Promise<void>;
  passed(): boolean;
  cancel(): void;
}

function createDeadline(timeoutMs: number): Deadline {
  let passed = false;
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      passed = true;
      resolve();
    }, timeoutMs);
  });
  return { reached, passed: () => passed, cancel: () => clearTimeout(timer) };
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
