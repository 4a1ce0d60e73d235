import { once } from 'node:events';
import { createServer, type Server, Socket } from 'node:net';

import { amqplibSocketOf, coalesceWritesPerTurn } from './coalesce-writes';

interface Loopback {
  server: Server;
  client: Socket;
  received: Promise<Buffer>;
}

/** A real TCP connection whose server side collects everything until the client ends. */
async function loopback(): Promise<Loopback> {
  let collect: (data: Buffer) => void = () => undefined;
  const received = new Promise<Buffer>((resolve) => (collect = resolve));
  const server = createServer((peer) => {
    const chunks: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => chunks.push(chunk));
    peer.on('end', () => collect(Buffer.concat(chunks)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const client = new Socket();
  client.connect(port, '127.0.0.1');
  await once(client, 'connect');
  return { server, client, received };
}

describe('coalesceWritesPerTurn', () => {
  let connection: Loopback;

  beforeEach(async () => {
    connection = await loopback();
  });

  afterEach(async () => {
    connection.client.destroy();
    connection.server.close();
    await once(connection.server, 'close');
  });

  it('hands the frames of one turn to the socket as a single writev, in order and intact', async () => {
    const { client, received } = connection;
    expect(coalesceWritesPerTurn(client)).toBe(true);
    const writevBatches: number[] = [];
    const writev = client._writev!.bind(client);
    client._writev = (chunks, callback) => {
      writevBatches.push(chunks.length);
      writev(chunks, callback);
    };

    const frames = Array.from({ length: 50 }, (_, index) => Buffer.from(`frame-${index};`));
    for (const frame of frames) client.write(frame);
    expect(client.writableCorked).toBe(1);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(client.writableCorked).toBe(0);
    client.end();

    expect((await received).toString()).toBe(Buffer.concat(frames).toString());
    expect(writevBatches).toEqual([50]);
  });

  it('corks again on a later turn, so a write never waits for another', async () => {
    const { client, received } = connection;
    coalesceWritesPerTurn(client);

    client.write('first;');
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.writableCorked).toBe(0);
    client.write('second;');
    expect(client.writableCorked).toBe(1);
    client.end();

    expect((await received).toString()).toBe('first;second;');
  });

  it('leaves anything without cork alone', () => {
    expect(coalesceWritesPerTurn(undefined)).toBe(false);
    expect(coalesceWritesPerTurn({ write: () => true })).toBe(false);
  });
});

describe('amqplibSocketOf', () => {
  it("finds the stream under amqplib's connection, and nothing where there is none", () => {
    const stream = new Socket();
    expect(amqplibSocketOf({ connection: { stream } })).toBe(stream);
    expect(amqplibSocketOf({})).toBeUndefined();
    expect(amqplibSocketOf(undefined)).toBeUndefined();
  });
});
