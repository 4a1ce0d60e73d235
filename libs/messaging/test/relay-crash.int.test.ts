import { createDataSource } from '@chatpilot/db';
import { type FaultProxy, startFaultProxy, testInfrastructure, waitFor } from '@chatpilot/testing';
import type { DataSource } from 'typeorm';

import { createOutboxRelay, InboxRecord, OutboxMessage } from '../src';
import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';
import { effectsFor, recordEffect } from './support/effects';

describe('outbox relay crashing between commit and publish', () => {
  let bus: BusFixture;

  beforeEach(async () => {
    bus = await createBusFixture('amqp', 'relay_crash');
    await bus.startConsumer({ handlers: { 'registry.channel.linked': async (event, { entityManager }) => recordEffect(entityManager, event.id) } });
  });

  afterEach(async () => {
    await bus.close();
  });

  it('publishes an event committed while no relay was running once a relay starts', async () => {
    const event = channelLinked();
    await bus.enqueue([event]);

    bus.startRelay({ commitGraceMs: 10 * 60_000 });

    await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { description: 'the effect after the restart' });
  });

  it('leaves a batch claimed by a relay that died before publishing to the next relay', async () => {
    const proxy: FaultProxy = await startFaultProxy(brokerAddress());
    const crashingDatabase = await openSecondConnection(bus, 'relay-that-crashes');
    try {
      const blackHole = await bus.createTransport({ url: proxy.rewriteUrl(testInfrastructure().amqpUrl), heartbeatSeconds: 60 });
      // Long enough to hold the publish while the test "crashes" the relay, short enough that the
      // proxy's pending flush timer does not keep jest alive for long.
      proxy.setDelay(5_000);
      const crashing = createOutboxRelay({ dataSource: crashingDatabase, transport: blackHole, logger: bus.logger, metrics: bus.metrics, commitGraceMs: 0 });
      const event = channelLinked();
      await bus.enqueue([event]);

      const stuckCycle = crashing.relayOnce().catch(() => 'crashed');
      await waitFor(() => sessionHoldsClaim(bus.dataSource, 'relay-that-crashes'), { description: 'the crashing relay to hold its claim' });
      const successor = createOutboxRelay({ dataSource: bus.dataSource, transport: bus.transport, logger: bus.logger, metrics: bus.metrics, commitGraceMs: 0 });
      expect(await successor.relayOnce()).toEqual({ claimed: 0, unconfirmed: 0 });

      await bus.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay-that-crashes'`);
      await proxy.close();
      await stuckCycle;

      expect(await successor.relayOnce()).toEqual({ claimed: 1, unconfirmed: 0 });
      await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { description: 'the effect after the crash' });
    } finally {
      await crashingDatabase.destroy().catch(() => undefined);
      await proxy.close();
    }
  });
});

function brokerAddress(): { host: string; port: number } {
  const broker = new URL(testInfrastructure().amqpUrl);
  return { host: broker.hostname, port: Number(broker.port || 5672) };
}

async function openSecondConnection(bus: BusFixture, applicationName: string): Promise<DataSource> {
  const url = (bus.dataSource.options as { url: string }).url;
  const dataSource = createDataSource({ url, entities: [OutboxMessage, InboxRecord], migrations: [], logger: bus.logger, applicationName });
  await dataSource.initialize();
  return dataSource;
}

/** The session has run its claim and sits in its transaction (not merely begun it: that raced on a busy machine). */
async function sessionHoldsClaim(dataSource: DataSource, applicationName: string): Promise<boolean> {
  const rows = (await dataSource.query(
    `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction' AND query LIKE '%FOR UPDATE SKIP LOCKED%'`,
    [applicationName],
  )) as unknown[];
  return rows.length > 0;
}
