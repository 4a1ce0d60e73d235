import { type FaultProxy, startFaultProxy, testInfrastructure, waitFor } from '@chatpilot/testing';

import { createEventConsumer } from '../src';
import { type BusFixture, channelLinked, createBusFixture, TEST_RETRY_DELAYS_MS } from './support/bus-fixture';
import { countEffects, recordEffect } from './support/effects';

describe('consumer losing its broker link mid-batch', () => {
  let bus: BusFixture;
  let proxy: FaultProxy;

  beforeAll(async () => {
    bus = await createBusFixture('amqp', 'consumer_cut');
    const broker = new URL(testInfrastructure().amqpUrl);
    proxy = await startFaultProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
  });

  afterAll(async () => {
    await bus?.close();
    await proxy?.close();
  });

  it('gets the unacknowledged deliveries again and still has exactly one effect per event', async () => {
    const batches = 2;
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let waitingAtGate = 0;
    const consumerTransport = await bus.createTransport({ url: proxy.rewriteUrl(testInfrastructure().amqpUrl), connectionName: 'consumer-behind-proxy' });
    const consumer = createEventConsumer({
      name: bus.consumerName,
      transport: consumerTransport,
      dataSource: bus.dataSource,
      logger: bus.logger,
      metrics: bus.metrics,
      prefetch: 8,
      maxBatchSize: 4,
      maxConcurrentBatches: batches,
      retryDelaysMs: TEST_RETRY_DELAYS_MS,
      handlers: {
        'registry.channel.linked': async (event, { entityManager }) => {
          await recordEffect(entityManager, event.id);
          waitingAtGate += 1;
          await gate;
        },
      },
    });
    await consumer.start();
    bus.startRelay();
    // One tenant each: events of one tenant never share the database in two transactions at once.
    const events = Array.from({ length: 200 }, (_, index) => channelLinked(index, `tenant-${index}`));

    await bus.enqueue(events);
    // Every inbox transaction is inside a handler; the link dies before their acks are sent,
    // then the transactions commit: the broker must redeliver those deliveries.
    await waitFor(() => waitingAtGate === batches, { description: 'both inbox transactions in progress' });
    proxy.cut();
    await waitFor(() => !consumerTransport.isConnected(), { description: 'the consumer to notice the cut' });
    openGate();
    proxy.resume();

    await waitFor(async () => (await countEffects(bus.dataSource)).events === 200, { timeoutMs: 30_000, description: 'all 200 effects' });
    await waitFor(async () => (await duplicates(bus)) >= batches, { description: 'the redelivered deliveries to be recognised as duplicates' });
    expect(await countEffects(bus.dataSource)).toEqual({ rows: 200, events: 200 });
    await consumer.stop();
  });
});

async function duplicates(bus: BusFixture): Promise<number> {
  const metric = await bus.metrics.consumed.get();
  return metric.values.filter((value) => value.labels.outcome === 'duplicate').reduce((sum, value) => sum + value.value, 0);
}
