import net from 'node:net';

import { freePort, startFaultProxy, waitFor } from '../src';

describe('startFaultProxy with an unreachable target', () => {
  it('closes the client connection when the target refuses it', async () => {
    const closedPort = await freePort();
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: closedPort });
    try {
      const socket = net.connect({ host: proxy.host, port: proxy.port });
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      await waitFor(() => proxy.connectionCount() === 0, { description: 'the proxy to drop the connection' });
    } finally {
      await proxy.close();
    }
  });

  it('refuses new connections while cut', async () => {
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: await freePort() });
    try {
      proxy.cut();
      const socket = net.connect({ host: proxy.host, port: proxy.port });
      socket.on('error', () => undefined);
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      expect(received).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });
});
