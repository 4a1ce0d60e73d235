import { type EventEnvelope } from '@chatpilot/contracts';
import amqp, { type Channel, type ChannelModel } from 'amqplib';

export interface BusProbe {
  /** Every `d360.*` event seen on the exchange, in arrival order. */
  received: EventEnvelope[];
  publish(event: EventEnvelope): Promise<void>;
  close(): Promise<void>;
}

/** A test's own link to the exchange: publishes registry events and records what webhook-ingest publishes. */
export async function startBusProbe(url: string, exchange: string, observerQueue: string): Promise<BusProbe> {
  const connection: ChannelModel = await amqp.connect(url);
  const channel: Channel = await connection.createConfirmChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(observerQueue, { durable: false, autoDelete: true });
  await channel.bindQueue(observerQueue, exchange, 'd360.#');
  const received: EventEnvelope[] = [];
  await channel.consume(observerQueue, (message) => {
    if (message) received.push(JSON.parse(message.content.toString('utf8')) as EventEnvelope);
  }, { noAck: true });
  return {
    received,
    publish: async (event) => {
      channel.publish(exchange, event.type, Buffer.from(JSON.stringify(event)), {
        persistent: true,
        messageId: event.id,
        type: event.type,
        contentType: 'application/json',
      });
      await (channel as amqp.ConfirmChannel).waitForConfirms();
    },
    close: async () => {
      await channel.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}
