import type { Channel, Message } from 'amqplib';

export interface AckBatcher {
  received(message: Message): void;
  /** The delivery is done; its ack goes out with the others settled in the same turn. */
  acknowledge(message: Message): void;
  /** Hands the delivery back to the broker at once. */
  requeue(message: Message): void;
  /** Sends pending acks now (before the channel closes). */
  flush(): void;
}

/**
 * Coalesces acks: deliveries settled in the same event-loop turn are acked with one
 * `multiple` ack when they form an unbroken run from the oldest unacked delivery — one frame,
 * and for a quorum queue one log entry, instead of one per message. Settled deliveries stuck
 * behind a slow one are acked individually, so a slow handler never holds the prefetch window.
 */
export function createAckBatcher(channel: Channel): AckBatcher {
  const unacked: number[] = []; // delivery tags, oldest first (the broker numbers them upwards)
  const settled = new Set<number>();
  let scheduled = false;

  const send = (deliveryTag: number, multiple: boolean): void => {
    try {
      channel.ack({ fields: { deliveryTag } } as Message, multiple);
    } catch {
      // The channel closed: the broker redelivers, and the inbox recognises the duplicates.
    }
  };

  const flush = (): void => {
    scheduled = false;
    let upTo: number | undefined;
    while (unacked.length > 0 && settled.has(unacked[0]!)) {
      upTo = unacked.shift();
      settled.delete(upTo!);
    }
    if (upTo !== undefined) send(upTo, true);
    for (const deliveryTag of settled) {
      send(deliveryTag, false);
      forget(deliveryTag);
    }
    settled.clear();
  };

  const forget = (deliveryTag: number): void => {
    const index = unacked.indexOf(deliveryTag);
    if (index >= 0) unacked.splice(index, 1);
  };

  return {
    received: (message) => void unacked.push(message.fields.deliveryTag),
    acknowledge: (message) => {
      settled.add(message.fields.deliveryTag);
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    },
    requeue: (message) => {
      forget(message.fields.deliveryTag);
      channel.nack(message, false, true);
    },
    flush,
  };
}
