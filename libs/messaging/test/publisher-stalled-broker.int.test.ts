import { type FaultProxy, startFaultProxy, testInfrastructure } from '@chatpilot/testing';

import { type BusFixture, channelLinked, createBusFixture, TEST_RETRY_DELAYS_MS } from './support/bus-fixture';

const asMessage = (event: ReturnType<typeof channelLinked>) => ({ id: event.id, type: event.type, body: Buffer.from(JSON.stringify(event)) });

// A broker under a memory or disk alarm stops reading from publishing connections: no confirm, no
// answer to channel.close. The relay publishes inside its claiming transaction, so a publish that
// waited for that close would hold the transaction (and its rows) until the connection died.
describe('publishing to a broker that stopped reading', () => {
  let bus: BusFixture;
  let proxy: FaultProxy;

  beforeAll(async () => {
    bus = await createBusFixture('amqp', 'stalled');
    const broker = new URL(testInfrastructure().amqpUrl);
    proxy = await startFaultProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
  });

  afterEach(() => {
    proxy.setDelay(0);
    proxy.resume();
  });

  afterAll(async () => {
    // The stalled link goes first (and stays refused while the transport stops reconnecting),
    // so closing the transport does not wait on it.
    proxy?.cut();
    await bus?.close();
    await proxy?.close();
  });

  it('gives the batch up at the confirm deadline without waiting for the stalled channel to close', async () => {
    const transport = await bus.createTransport({ url: proxy.rewriteUrl(testInfrastructure().amqpUrl), heartbeatSeconds: 600, confirmTimeoutMs: 300 });
    const [opened] = await transport.publish([asMessage(channelLinked(1))]);
    expect(opened).toMatchObject({ status: 'rejected', unroutable: true });

    proxy.setDelay(600_000);
    const stalled = channelLinked(2);
    const outcomes = await transport.publish([asMessage(stalled)]);

    expect(outcomes).toEqual([{ id: stalled.id, status: 'unconfirmed', reason: 'no confirm within 300 ms' }]);

    // The next batch needs a new channel, which the stalled broker never opens: given up too.
    const next = channelLinked(3);
    expect(await transport.publish([asMessage(next)])).toEqual([{ id: next.id, status: 'unconfirmed', reason: 'no publishing channel within 300 ms' }]);
  });

  it('stops a subscription within its stop timeout while the broker does not answer', async () => {
    const transport = await bus.createTransport({ url: proxy.rewriteUrl(testInfrastructure().amqpUrl), heartbeatSeconds: 600, stopTimeoutMs: 300 });
    const subscription = await transport.subscribe({
      consumer: bus.consumerName,
      bindingKeys: ['registry.channel.linked'],
      prefetch: 1,
      retryDelaysMs: TEST_RETRY_DELAYS_MS,
      handle: async () => ({ action: 'ack' }),
    });

    proxy.setDelay(600_000);
    // Without a bound, cancel and close would wait for the broker's answers for ten minutes.
    await expect(subscription.stop()).resolves.toBeUndefined();
  });

  it('closes even when the link drops while it closes (amqplib alone would wait for a CloseOk for ever)', async () => {
    const transport = await bus.createTransport({ url: proxy.rewriteUrl(testInfrastructure().amqpUrl), heartbeatSeconds: 600 });
    expect(transport.isConnected()).toBe(true);

    proxy.cut();
    await transport.close();

    expect(transport.isConnected()).toBe(false);
  });
});
