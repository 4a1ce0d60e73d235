import amqp from 'amqplib';

export interface ObservedEvent {
  id: string;
  type: string;
  tenant_id?: string;
  data: Record<string, unknown>;
}

export interface BusObserver {
  events: ObservedEvent[];
  close(): Promise<void>;
}

/** Records every event on the exchange matching `bindingKeys`, as published. */
export async function observeBus(options: { url: string; exchange: string; queue: string; bindingKeys: string[] }): Promise<BusObserver> {
  const connection = await amqp.connect(options.url);
  const channel = await connection.createChannel();
  await channel.assertExchange(options.exchange, 'topic', { durable: true });
  await channel.assertQueue(options.queue, { exclusive: true, autoDelete: true });
  for (const key of options.bindingKeys) await channel.bindQueue(options.queue, options.exchange, key);
  const events: ObservedEvent[] = [];
  await channel.consume(options.queue, (message) => message && events.push(JSON.parse(message.content.toString('utf8')) as ObservedEvent), { noAck: true });
  return {
    events,
    close: async () => {
      await channel.close();
      await connection.close();
    },
  };
}
