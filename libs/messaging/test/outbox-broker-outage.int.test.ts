import { type FaultProxy, startFaultProxy, testInfrastructure, waitFor } from '@chatpilot/testing';

import type { MessageTransport } from '../src';
import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';
import { countEffects, recordEffect } from './support/effects';

describe('outbox relay across a broker outage', () => {
  let bus: BusFixture;
  let proxy: FaultProxy;
  const unhandledRejections: unknown[] = [];
  const recordRejection = (reason: unknown): void => void unhandledRejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', recordRejection);
    bus = await createBusFixture('amqp', 'outage');
    const broker = new URL(testInfrastructure().amqpUrl);
    proxy = await startFaultProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
  });

  afterAll(async () => {
    await bus?.close();
    await proxy?.close();
    process.off('unhandledRejection', recordRejection);
  });

  it('delivers all 2,000 events written around and during a cut link, each with exactly one effect', async () => {
    await bus.startConsumer({ prefetch: 50, handlers: { 'registry.channel.linked': async (event, { entityManager }) => recordEffect(entityManager, event.id) } });
    const relayTransport: MessageTransport = await bus.createTransport({ url: proxy.rewriteUrl(testInfrastructure().amqpUrl), connectionName: 'relay-behind-proxy' });
    bus.startRelay({ transport: relayTransport, batchSize: 100, lagSampleIntervalMs: 100 });
    const events = Array.from({ length: 2_000 }, (_, index) => channelLinked(index));

    await enqueueInTransactions(bus, events.slice(0, 500));
    proxy.cut();
    await waitFor(() => !relayTransport.isConnected(), { description: 'the relay transport to notice the cut' });
    await waitFor(async () => (await brokerConnected(bus)) === 0, { description: 'the broker gauge to show the cut' });
    await enqueueInTransactions(bus, events.slice(500));
    const duringOutage = await countEffects(bus.dataSource);
    await waitFor(async () => (await outboxLagSeconds(bus)) > 0, { description: 'the outbox lag metric to show the backlog' });
    proxy.resume();

    await waitFor(async () => (await countEffects(bus.dataSource)).events === 2_000, { timeoutMs: 60_000, description: 'all 2,000 effects' });
    expect(duringOutage.events).toBeLessThan(2_000);
    expect(await countEffects(bus.dataSource)).toEqual({ rows: 2_000, events: 2_000 });
    await waitFor(async () => {
      const [row] = (await bus.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
      return row?.n === 0;
    }, { description: 'every outbox row to be marked published' });
    expect(await brokerConnected(bus)).toBe(1);
    await waitFor(async () => (await outboxLagSeconds(bus)) === 0, { description: 'the outbox lag metric to drop to zero' });
    expect(unhandledRejections).toEqual([]);
  });
});

async function enqueueInTransactions(bus: BusFixture, events: ReturnType<typeof channelLinked>[]): Promise<void> {
  for (let start = 0; start < events.length; start += 100) await bus.enqueue(events.slice(start, start + 100));
}

async function brokerConnected(bus: BusFixture): Promise<number | undefined> {
  return (await bus.metrics.brokerConnected.get()).values[0]?.value;
}

async function outboxLagSeconds(bus: BusFixture): Promise<number> {
  return (await bus.metrics.outboxLagSeconds.get()).values[0]?.value ?? 0;
}

