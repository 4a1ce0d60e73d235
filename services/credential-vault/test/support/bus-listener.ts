import amqp from 'amqplib';
import type { AmqpNamespace } from '@chatpilot/testing';

export interface BusListener {
  /** Bodies of every message received so far, parsed. */
  messages(): Record<string, unknown>[];
  /** Raw bodies, to check that no secret travelled on the bus. */
  rawBodies(): string[];
  close(): Promise<void>;
}

/** A queue in the test namespace bound to `bindingKey` on the service's exchange, read as messages arrive. */
export async function listenOnBus(namespace: AmqpNamespace, exchange: string, bindingKey: string): Promise<BusListener> {
  const connection = await amqp.connect(namespace.url);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const queue = namespace.name(`listener.${bindingKey.replace(/[^a-z]/gi, '')}`);
  await channel.assertQueue(queue, { durable: false });
  await channel.bindQueue(queue, exchange, bindingKey);
  const bodies: string[] = [];
  await channel.consume(queue, (message) => {
    if (message) bodies.push(message.content.toString('utf8'));
  }, { noAck: true });
  return {
    messages: () => bodies.map((body) => JSON.parse(body) as Record<string, unknown>),
    rawBodies: () => [...bodies],
    close: async () => {
      await channel.close();
      await connection.close();
    },
  };
}
