import type { Channel, ConsumeMessage } from 'amqplib';

export interface ReturnedMessages {
  /** True (once) when the broker returned the message with this id as unroutable. */
  take(messageId: string | undefined): boolean;
}

/**
 * Remembers `basic.return`s on a channel. RabbitMQ sends the return of a mandatory, unroutable
 * message before its confirm, so checking here when the confirm arrives is enough.
 */
export function trackReturnedMessages(channel: Channel): ReturnedMessages {
  const returned = new Set<string>();
  channel.on('return', (message: ConsumeMessage) => {
    if (message.properties.messageId) returned.add(String(message.properties.messageId));
  });
  return { take: (messageId) => messageId !== undefined && returned.delete(messageId) };
}
