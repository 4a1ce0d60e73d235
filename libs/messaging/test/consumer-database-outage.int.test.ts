import { createDataSource } from '@chatpilot/db';
import { type FaultProxy, startFaultProxy, waitFor } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import { createEventConsumer, InboxRecord, OutboxMessage } from '../src';
import { type BusFixture, channelLinked, createBusFixture, TEST_RETRY_DELAYS_MS } from './support/bus-fixture';
import { countEffects, recordEffect } from './support/effects';

describe('consumer losing its database', () => {
  let bus: BusFixture;
  let proxy: FaultProxy;
  let consumerDatabase: DataSource;

  beforeAll(async () => {
    bus = await createBusFixture('amqp', 'db_outage');
    const url = (bus.dataSource.options as { url: string }).url;
    const target = new URL(url);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
    consumerDatabase = createDataSource({ url: proxy.rewriteUrl(url), entities: [OutboxMessage, InboxRecord], migrations: [], logger: bus.logger });
    await consumerDatabase.initialize();
  });

  afterAll(async () => {
    await bus?.close();
    await consumerDatabase?.destroy().catch(() => undefined);
    await proxy?.close();
  });

  it('retries without spending attempts, so nothing is dead-lettered, and catches up after', async () => {
    // One attempt only: a failure wrongly blamed on the handler would dead-letter at once.
    const consumer = createEventConsumer({
      name: bus.consumerName,
      transport: bus.transport,
      dataSource: consumerDatabase,
      logger: bus.logger,
      metrics: bus.metrics,
      maxAttempts: 1,
      retryDelaysMs: TEST_RETRY_DELAYS_MS,
      handlers: { 'registry.channel.linked': async (event, { entityManager }) => recordEffect(entityManager, event.id) },
    });
    await consumer.start();
    bus.startRelay();

    proxy.cut();
    await bus.enqueue(Array.from({ length: 20 }, (_, index) => channelLinked(index)));
    await waitFor(async () => (await bus.metrics.retried.get()).values.length > 0, { description: 'deliveries failing on the database' });
    proxy.resume();

    await waitFor(async () => (await countEffects(bus.dataSource)).events === 20, { timeoutMs: 30_000, description: 'all 20 effects' });
    expect(await countEffects(bus.dataSource)).toEqual({ rows: 20, events: 20 });
    expect(await bus.transport.deadLetters.list(bus.consumerName)).toEqual([]);
    await consumer.stop();
  });
});
