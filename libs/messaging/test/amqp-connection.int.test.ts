import { Socket } from 'node:net';

import { createLogger } from '@chatpilot/logger';
import { testInfrastructure } from '@chatpilot/testing';

import { createAmqpConnection } from '../src/amqp/amqp-connection';
import { amqplibSocketOf } from '../src/amqp/coalesce-writes';

describe('createAmqpConnection', () => {
  it("coalesces the writes of amqplib's own socket (an amqplib upgrade that moves it fails here)", async () => {
    const connection = createAmqpConnection({
      url: testInfrastructure().amqpUrl,
      logger: createLogger({ service: 'amqp-connection-test', level: 'silent' }),
    });
    await connection.start();
    try {
      const socket = amqplibSocketOf(connection.current());
      expect(socket).toBeInstanceOf(Socket);
      expect((socket as Socket).write).not.toBe(Socket.prototype.write);

      const channel = await connection.current()!.createChannel();
      const queue = await channel.assertQueue('', { exclusive: true });
      expect(queue.queue).not.toBe('');
      await channel.close();
    } finally {
      await connection.close();
    }
  });
});
