import amqp from 'amqplib';

import { createAmqpNamespace, testInfrastructure } from '../src';

describe('createAmqpNamespace', () => {
  let connection: amqp.ChannelModel;

  beforeAll(async () => {
    connection = await amqp.connect(testInfrastructure().amqpUrl);
  });

  afterAll(async () => {
    await connection.close();
  });

  async function queueExists(name: string): Promise<boolean> {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.checkQueue(name);
      await channel.close();
      return true;
    } catch {
      return false;
    }
  }

  async function exchangeExists(name: string): Promise<boolean> {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.checkExchange(name);
      await channel.close();
      return true;
    } catch {
      return false;
    }
  }

  it('hands out names under a prefix unique to each namespace', async () => {
    const first = await createAmqpNamespace('orders');
    const second = await createAmqpNamespace('orders');

    expect(first.prefix).not.toBe(second.prefix);
    expect(first.name('events')).toBe(`${first.prefix}.events`);
    expect(first.name('events').startsWith(second.prefix)).toBe(false);
  });

  it('deletes every exchange and queue it named on cleanup', async () => {
    const namespace = await createAmqpNamespace('cleanup');
    const exchange = namespace.name('events');
    const queue = namespace.name('inbox');
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, '#');
    await channel.close();
    namespace.name('never-declared');

    await namespace.cleanup();

    expect(await exchangeExists(exchange)).toBe(false);
    expect(await queueExists(queue)).toBe(false);
  });
});
