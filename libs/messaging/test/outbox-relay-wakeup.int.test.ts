import { waitFor } from '@chatpilot/testing';

import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';
import { effectsFor, recordEffect } from './support/effects';

describe('outbox relay wake-up', () => {
  let bus: BusFixture;

  beforeAll(async () => {
    bus = await createBusFixture('memory', 'relay_wakeup');
    await bus.startConsumer({ handlers: { 'registry.channel.linked': async (event, { entityManager }) => recordEffect(entityManager, event.id) } });
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('publishes on the commit notification instead of waiting for the next poll', async () => {
    const relay = bus.startRelay({ pollIntervalMs: 10 * 60_000 });
    await waitFor(async () => {
      const listeners = (await bus.dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE application_name LIKE '%outbox-listener' AND datname = current_database()`)) as unknown[];
      return listeners.length > 0;
    }, { description: 'the relay to LISTEN' });
    const event = channelLinked();

    await bus.enqueue([event]);

    await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { timeoutMs: 15_000, description: 'the effect, long before the next poll' });
    const stoppedAt = Date.now();
    await relay.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  });
});
