import amqp from 'amqplib';
import { waitFor } from '@chatpilot/testing';

export interface ObservedEvent {
  id: string;
  type: string;
  tenant_id?: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

export interface BusObserver {
  events: ObservedEvent[];
  /** Waits until at least `count` events match and returns them. */
  waitForEvents(match: (event: ObservedEvent) => boolean, count?: number, description?: string): Promise<ObservedEvent[]>;
  close(): Promise<void>;
}

/** A plain queue bound to the test exchange, recording every event matching `bindingKey` as published. */
export async function observeBus(options: { url: string; exchange: string; queue: string; bindingKey: string }): Promise<BusObserver> {
  const connection = await amqp.connect(options.url);
  const channel = await connection.createChannel();
  await channel.assertExchange(options.exchange, 'topic', { durable: true });
  await channel.assertQueue(options.queue, { exclusive: true, autoDelete: true });
  await channel.bindQueue(options.queue, options.exchange, options.bindingKey);
  const events: ObservedEvent[] = [];
  await channel.consume(
    options.queue,
    (message) => {
      if (message) events.push(JSON.parse(message.content.toString('utf8')) as ObservedEvent);
    },
    { noAck: true },
  );
  return {
    events,
    waitForEvents: (match, count = 1, description = 'events on the bus') =>
      waitFor(
        () => {
          const matching = events.filter(match);
          return matching.length >= count ? matching : undefined;
        },
        { description: `${count} ${description}`, timeoutMs: 20_000 },
      ),
    close: async () => {
      await channel.close();
      await connection.close();
    },
  };
}
