import type { ConfirmChannel, GetMessage } from 'amqplib';

import { sleep } from '@chatpilot/resilience';
import { describeDeadLetter, MESSAGE_HEADERS, type MessageHeaders, replayHeaders } from '../transport/message-headers';
import type { DeadLetter, DeadLetterStore } from '../transport/message-transport';
import { deadLetterQueueName, workQueueName } from '../transport/topology-names';
import type { AmqpConnection } from './amqp-connection';
import { type ForwardingChannel, forward } from './forward-message';
import { trackReturnedMessages } from './returned-messages';

const DEFAULT_LIST_LIMIT = 100;
// Letters another channel just gave back (an earlier listing) reach the quorum queue a moment
// after that channel closed; a scan ends only after this many empty looks, this far apart.
const QUIET_LOOKS = 3;
const LOOK_INTERVAL_MS = 100;

/**
 * Reads dead letters with basic.get and no ack: closing the channel puts back everything that
 * was only looked at. A replayed letter is acked only after the work queue confirmed its copy.
 */
export function createAmqpDeadLetterStore(connection: AmqpConnection): DeadLetterStore {
  const withChannel = async <T>(work: (target: ForwardingChannel) => Promise<T>): Promise<T> => {
    const model = connection.current();
    if (!model) throw new Error('not connected to RabbitMQ');
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined); // the failing call rejects with the same error
    try {
      return await work({ channel, returned: trackReturnedMessages(channel) });
    } catch (error) {
      throw explainMissingQueue(error);
    } finally {
      await channel.close().catch(() => undefined);
    }
  };

  return {
    list: (consumer, options = {}) =>
      withChannel(async ({ channel }) => {
        const letters: DeadLetter[] = [];
        const limit = options.limit ?? DEFAULT_LIST_LIMIT;
        for await (const message of scan(channel, consumer)) {
          letters.push(toDeadLetter(message));
          if (letters.length >= limit) break;
        }
        return letters;
      }),
    replay: (consumer, messageId) =>
      withChannel(async (target) => (await replayWhere(target, consumer, (message) => message.properties.messageId === messageId)) > 0),
    replayAll: (consumer) => withChannel((target) => replayWhere(target, consumer, () => true)),
  };
}

/** Every letter ready in the queue, each once: the ones not acked stay with this channel. */
async function* scan(channel: ConfirmChannel, consumer: string): AsyncGenerator<GetMessage> {
  for (let quietLooks = 0; quietLooks < QUIET_LOOKS; ) {
    const message = await channel.get(deadLetterQueueName(consumer), { noAck: false });
    if (message) {
      quietLooks = 0;
      yield message;
    } else {
      quietLooks += 1;
      if (quietLooks < QUIET_LOOKS) await sleep(LOOK_INTERVAL_MS);
    }
  }
}

/**
 * Replays the matching letters. A letter that fails again and comes back during the same run
 * carries this run's replay stamp and is left alone, so a run always ends.
 */
async function replayWhere(target: ForwardingChannel, consumer: string, matches: (message: GetMessage) => boolean): Promise<number> {
  const runStartedAt = new Date();
  let replayed = 0;
  for await (const message of scan(target.channel, consumer)) {
    const headers = message.properties.headers as MessageHeaders | undefined;
    if (!matches(message) || replayedSince(headers, runStartedAt)) continue;
    await forward(target, workQueueName(consumer), message, replayHeaders(headers));
    target.channel.ack(message);
    replayed += 1;
  }
  return replayed;
}

function replayedSince(headers: MessageHeaders | undefined, since: Date): boolean {
  const replayedAt = headers?.[MESSAGE_HEADERS.replayedAt];
  return typeof replayedAt === 'string' && replayedAt >= since.toISOString();
}

function toDeadLetter(message: GetMessage): DeadLetter {
  return describeDeadLetter({
    messageId: message.properties.messageId as string | undefined,
    type: message.properties.type as string | undefined,
    headers: message.properties.headers as MessageHeaders | undefined,
    body: message.content,
  });
}

/** amqplib rejects a failed channel call with the raw close frame; a 404 means no such queue. */
function explainMissingQueue(error: unknown): unknown {
  const fields = (error as { fields?: { replyCode?: number; replyText?: string } } | undefined)?.fields;
  if (fields?.replyCode !== 404) return error;
  return new Error(`${fields.replyText ?? 'queue not found'} (has this consumer ever started?)`);
}
