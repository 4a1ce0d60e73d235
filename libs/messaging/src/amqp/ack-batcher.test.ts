import type { Channel, Message } from 'amqplib';

import { createAckBatcher } from './ack-batcher';

/** Records the acks amqplib would send; only the two methods the batcher calls exist. */
function recordingChannel(): { channel: Channel; acks: [number, boolean][]; nacks: number[] } {
  const acks: [number, boolean][] = [];
  const nacks: number[] = [];
  const channel = {
    ack: (message: Message, multiple?: boolean) => void acks.push([message.fields.deliveryTag, multiple ?? false]),
    nack: (message: Message) => void nacks.push(message.fields.deliveryTag),
  } as unknown as Channel;
  return { channel, acks, nacks };
}

const delivery = (deliveryTag: number): Message => ({ fields: { deliveryTag } }) as Message;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createAckBatcher', () => {
  it('acks an unbroken run of settled deliveries with one multiple ack', async () => {
    const { channel, acks } = recordingChannel();
    const batcher = createAckBatcher(channel);
    [1, 2, 3].forEach((tag) => batcher.received(delivery(tag)));

    [3, 1, 2].forEach((tag) => batcher.acknowledge(delivery(tag)));
    await nextTurn();

    expect(acks).toEqual([[3, true]]);
  });

  it('acks deliveries settled behind a slow one individually instead of holding them', async () => {
    const { channel, acks } = recordingChannel();
    const batcher = createAckBatcher(channel);
    [1, 2, 3, 4].forEach((tag) => batcher.received(delivery(tag)));

    batcher.acknowledge(delivery(1));
    batcher.acknowledge(delivery(3));
    batcher.acknowledge(delivery(4));
    await nextTurn();
    batcher.acknowledge(delivery(2));
    await nextTurn();

    expect(acks).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [2, true],
    ]);
  });

  it('requeues at once and leaves the delivery out of later multiple acks', async () => {
    const { channel, acks, nacks } = recordingChannel();
    const batcher = createAckBatcher(channel);
    [1, 2].forEach((tag) => batcher.received(delivery(tag)));

    batcher.requeue(delivery(1));
    batcher.acknowledge(delivery(2));
    await nextTurn();

    expect(nacks).toEqual([1]);
    expect(acks).toEqual([[2, true]]);
  });
});
