import amqp from 'amqplib';

/**
 * The ceiling to compare against: messages confirm-published by plain amqplib into a durable
 * quorum queue and consumed with manual acks — same body, same prefetch, nothing else.
 */
export async function measureRawAmqp(options: { url: string; queue: string; count: number; prefetch: number; body: Buffer }): Promise<number> {
  const connection = await amqp.connect(options.url);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(options.queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.prefetch(options.prefetch);
    let consumed = 0;
    const allConsumed = new Promise<void>((resolve) => {
      void channel.consume(options.queue, (message) => {
        if (!message) return;
        channel.ack(message);
        consumed += 1;
        if (consumed === options.count) resolve();
      });
    });
    const startedAt = performance.now();
    for (let index = 0; index < options.count; index += 1) {
      const writable = channel.sendToQueue(options.queue, options.body, { persistent: true, messageId: String(index) }, () => undefined);
      if (!writable) await new Promise((resolve) => channel.once('drain', resolve));
    }
    await channel.waitForConfirms();
    await allConsumed;
    const perSecond = (options.count / (performance.now() - startedAt)) * 1000;
    await channel.deleteQueue(options.queue);
    return perSecond;
  } finally {
    await connection.close();
  }
}

/** Removes what a bench round declared on the shared broker. */
export async function deleteBrokerObjects(url: string, queues: readonly string[], exchange: string): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}
