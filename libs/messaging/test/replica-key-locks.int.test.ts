import { waitFor } from '@chatpilot/testing';

import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';
import { countEffects, recordEffect } from './support/effects';

// Two consumers on one queue are two replicas: each has its own batcher, so only the database
// can keep them from running one tenant's transactions at the same time.
describe('replicas of a consumer, with lockKeysAcrossReplicas', () => {
  let bus: BusFixture;

  beforeEach(async () => {
    bus = await createBusFixture('amqp', 'replica_locks');
  });
  afterEach(async () => {
    await bus.close();
  });

  it("run one tenant's transactions one at a time, so handlers locking rows in opposite orders never deadlock", async () => {
    // Two events of one tenant whose handlers take the same two locks in opposite orders, with a
    // pause between: run side by side they deadlock, and PostgreSQL aborts one after a second.
    const forward = channelLinked(1, 'tenant-a');
    const backward = channelLinked(2, 'tenant-a');
    const lockOrder = new Map([
      [forward.id, [1, 2]],
      [backward.id, [2, 1]],
    ]);
    let attempts = 0;
    const options = {
      lockKeysAcrossReplicas: true,
      handlers: {
        'registry.channel.linked': async (event: typeof forward, { entityManager }: { entityManager: Parameters<typeof recordEffect>[0] }) => {
          attempts += 1;
          const [first, second] = lockOrder.get(event.id)!;
          await entityManager.query('SELECT pg_advisory_xact_lock(4242, $1)', [first]);
          await new Promise((resolve) => setTimeout(resolve, 300));
          await entityManager.query('SELECT pg_advisory_xact_lock(4242, $1)', [second]);
          await recordEffect(entityManager, event.id);
        },
      },
    };
    await bus.startConsumer({ ...options, prefetch: 1 });
    await bus.startConsumer({ ...options, prefetch: 1 });
    bus.startRelay();

    await bus.enqueue([forward, backward]);

    await waitFor(async () => (await countEffects(bus.dataSource)).events === 2, { description: 'both events handled' });
    expect(attempts).toBe(2);
  });
});
