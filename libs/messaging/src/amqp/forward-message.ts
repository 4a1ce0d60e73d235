import type { ConfirmChannel, ConsumeMessage, GetMessage, Options } from 'amqplib';

import type { MessageHeaders } from '../transport/message-headers';
import type { ReturnedMessages } from './returned-messages';

export interface ForwardingChannel {
  channel: ConfirmChannel;
  returned: ReturnedMessages;
}

/**
 * Copies a received message into `queue` with new headers and resolves once the broker has it
 * (confirmed and not returned). Only then may the original be acked.
 */
export function forward(
  target: ForwardingChannel,
  queue: string,
  message: ConsumeMessage | GetMessage,
  headers: MessageHeaders,
): Promise<void> {
  const { properties } = message;
  const options: Options.Publish = {
    persistent: true,
    mandatory: true,
    contentType: properties.contentType as string | undefined,
    messageId: properties.messageId as string | undefined,
    type: properties.type as string | undefined,
    timestamp: properties.timestamp as number | undefined,
    headers: withoutBrokerCounters(headers),
  };
  return new Promise((resolve, reject) => {
    target.channel.sendToQueue(queue, message.content, options, (error) => {
      if (error) return reject(error);
      if (target.returned.take(options.messageId)) return reject(new Error(`queue ${queue} does not exist`));
      resolve();
    });
  });
}

/** The quorum queue keeps its own delivery counter; a copied one would only mislead. */
function withoutBrokerCounters(headers: MessageHeaders): MessageHeaders {
  const copy = { ...headers };
  delete copy['x-delivery-count'];
  return copy;
}
