import { createDataSource } from '@chatpilot/db';
import { waitFor } from '@chatpilot/testing';
import { Registry } from 'prom-client';

import { createMessagingMetrics, createOutboxRelay, enqueueEvents, type MessageTransport, type OutboxRelay, type OutboxRelayOptions } from '../src';
import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';
import { effectsFor, recordEffect } from './support/effects';

const TEN_MINUTES_MS = 10 * 60_000;

describe('outbox relay publishing as transactions commit', () => {
  let bus: BusFixture;
  const handled: string[] = [];

  beforeAll(async () => {
    bus = await createBusFixture('amqp', 'publish_on_commit');
    // One delivery per transaction, one tenant: the handlers see the events in the order the broker got them.
    await bus.startConsumer({
      maxBatchSize: 1,
      prefetch: 500,
      handlers: {
        'registry.channel.linked': async (event, { entityManager }) => {
          handled.push(event.data.channel_id);
          await recordEffect(entityManager, event.id);
        },
      },
    });
  });

  const relays: OutboxRelay[] = [];

  beforeEach(() => {
    handled.length = 0;
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const relay of relays.splice(0)) await relay.stop();
  });

  afterAll(async () => {
    await bus?.close();
  });

  async function publishedAt(eventId: string): Promise<Date | null | undefined> {
    const rows = (await bus.dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [eventId])) as { published_at: Date | null }[];
    return rows[0]?.published_at;
  }

  const catchingUp = async () => (await bus.registry.getSingleMetric('chatpilot_outbox_relay_catching_up')?.get())?.values[0]?.value;

  /** A started relay that has caught up, so commits go out as they come (no claim cycle due for ten minutes). */
  async function relayPublishingCommits(options: Partial<OutboxRelayOptions> = {}): Promise<OutboxRelay> {
    const relay = bus.startRelay({ pollIntervalMs: TEN_MINUTES_MS, commitGraceMs: TEN_MINUTES_MS, ...options });
    relays.push(relay);
    await waitFor(async () => (await catchingUp()) === 0, { description: 'the relay to catch up' });
    return relay;
  }

  /** The fixture's transport, seen as disconnected while `connected` is false. */
  function blinkingTransport(): { transport: MessageTransport; setConnected(value: boolean): void } {
    let connected = true;
    return {
      transport: { ...bus.transport, isConnected: () => connected && bus.transport.isConnected(), publish: (messages) => bus.transport.publish(messages) },
      setConnected: (value) => {
        connected = value;
      },
    };
  }

  /** Commits one event while the broker is away and the next once it is back: the handler must see them in that order. */
  async function expectCommitOrderAcrossOutage(first: number, second: number): Promise<void> {
    const blink = blinkingTransport();
    const relay = await relayPublishingCommits({ transport: blink.transport, pollIntervalMs: 100 });
    const duringOutage = channelLinked(first);
    const afterOutage = channelLinked(second);

    blink.setConnected(false);
    await bus.enqueue([duringOutage]);
    blink.setConnected(true);
    await bus.enqueue([afterOutage]);

    await waitFor(async () => (await effectsFor(bus.dataSource, afterOutage.id)) === 1, { timeoutMs: 15_000, description: 'the event after the outage' });
    expect(handled).toEqual([`channel-${first}`, `channel-${second}`]);
    await relay.stop();
  }

  it('publishes a transaction’s events as it commits, long before a claim cycle would, and marks them published', async () => {
    const relay = await relayPublishingCommits();
    const event = channelLinked(1);

    await bus.enqueue([event]);

    await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { timeoutMs: 15_000, description: 'the effect, with no claim cycle due' });
    await waitFor(async () => (await publishedAt(event.id)) instanceof Date, { description: 'the row marked published' });
    const stoppedAt = Date.now();
    await relay.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  });

  it('never publishes the events of a transaction that rolled back', async () => {
    const relay = await relayPublishingCommits();
    const rolledBack = channelLinked(2);
    const committed = channelLinked(3);

    await expect(
      bus.dataSource.transaction(async (entityManager) => {
        await enqueueEvents(entityManager, [rolledBack]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await bus.enqueue([committed]);

    await waitFor(async () => (await effectsFor(bus.dataSource, committed.id)) === 1, { timeoutMs: 15_000, description: 'the committed event' });
    expect(handled).toEqual(['channel-3']);
    await relay.stop();
  });

  it('never publishes the events of a transaction whose COMMIT PostgreSQL answered with ROLLBACK (a failed statement was caught)', async () => {
    const relay = await relayPublishingCommits({ pollIntervalMs: 100 });
    const ghost = channelLinked(4);
    const next = channelLinked(5);

    await bus.dataSource.transaction(async (entityManager) => {
      await enqueueEvents(entityManager, [ghost]);
      await entityManager.query('SELECT 1/0').catch(() => undefined);
    });
    await bus.enqueue([next]);

    await waitFor(async () => (await effectsFor(bus.dataSource, next.id)) === 1, { timeoutMs: 15_000, description: 'the next transaction’s event' });
    expect(await publishedAt(ghost.id)).toBeUndefined();
    expect(handled).toEqual(['channel-5']);
    await relay.stop();
  });

  it('keeps commit order when a transaction rolled back to a savepoint is left to the claim cycles', async () => {
    const relay = await relayPublishingCommits({ pollIntervalMs: 100 });
    const kept = channelLinked(6);
    const undone = channelLinked(7);
    const later = channelLinked(8);

    await bus.dataSource.transaction(async (entityManager) => {
      await enqueueEvents(entityManager, [kept]);
      await entityManager
        .transaction(async (savepoint) => {
          await enqueueEvents(savepoint, [undone]);
          throw new Error('the inner step failed');
        })
        .catch(() => undefined);
    });
    await bus.enqueue([later]);

    await waitFor(async () => (await effectsFor(bus.dataSource, later.id)) === 1, { timeoutMs: 15_000, description: 'the later event' });
    expect(handled).toEqual(['channel-6', 'channel-8']);
    expect(await publishedAt(undone.id)).toBeUndefined();
    await relay.stop();
  });

  it('keeps commit order across a moment without the broker', async () => {
    await expectCommitOrderAcrossOutage(9, 10);
  });

  it('keeps commit order when a big commit’s publish waits for the channel to drain', async () => {
    const relay = await relayPublishingCommits();
    const big = Array.from({ length: 5_000 }, (_, index) => channelLinked(1_000 + index));
    const late = channelLinked(99_999);

    await bus.enqueue(big);
    await bus.enqueue([late]);

    await waitFor(async () => (await effectsFor(bus.dataSource, late.id)) === 1, { timeoutMs: 60_000, description: 'the late event' });
    expect(handled).toHaveLength(5_001);
    expect(handled.indexOf('channel-99999')).toBe(5_000);
    await relay.stop();
  }, 90_000);

  it('keeps commit order when the rows left to the claim cycles are held by another relay', async () => {
    const blink = blinkingTransport();
    const relay = await relayPublishingCommits({ transport: blink.transport, pollIntervalMs: 100 });
    const earlier = channelLinked(12);
    const later = channelLinked(13);
    blink.setConnected(false);
    await bus.enqueue([earlier]);
    // Another replica, catching up as it starts, claims the row and publishes it slowly.
    const replicaDatabase = createDataSource({ url: (bus.dataSource.options as { url: string }).url, entities: [], migrations: [], logger: bus.logger, poolSize: 2 });
    await replicaDatabase.initialize();
    try {
      let replicaPublishing = false;
      const slow: MessageTransport = {
        ...bus.transport,
        isConnected: () => bus.transport.isConnected(),
        publish: async (messages) => {
          replicaPublishing = true;
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          return bus.transport.publish(messages);
        },
      };
      const replica = createOutboxRelay({ dataSource: replicaDatabase, transport: slow, logger: bus.logger, metrics: createMessagingMetrics(new Registry()), commitGraceMs: TEN_MINUTES_MS });
      const replicaCycle = replica.relayOnce();
      await waitFor(() => replicaPublishing, { description: 'the replica to hold the row' });

      blink.setConnected(true);
      await bus.enqueue([later]);

      expect(await replicaCycle).toEqual({ claimed: 1, unconfirmed: 0 });
      await waitFor(async () => (await effectsFor(bus.dataSource, later.id)) === 1, { timeoutMs: 15_000, description: 'the later event' });
      expect(handled).toEqual(['channel-12', 'channel-13']);
      await relay.stop();
    } finally {
      await replicaDatabase.destroy();
    }
  });

  it('keeps commit order with this process’s clock seconds behind the database’s', async () => {
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_000);
    await expectCommitOrderAcrossOutage(14, 15);
  });

  it('leaves another process’s fresh rows to it, and takes them once older than the grace', async () => {
    const writer = channelLinked(11);
    const replica = createOutboxRelay({ dataSource: bus.dataSource, transport: bus.transport, logger: bus.logger, metrics: bus.metrics, commitGraceMs: TEN_MINUTES_MS });
    expect(await replica.relayOnce()).toEqual({ claimed: 0, unconfirmed: 0 });

    await bus.enqueue([writer]);

    expect(await replica.relayOnce()).toEqual({ claimed: 0, unconfirmed: 0 });
    await bus.dataSource.query(`UPDATE outbox SET next_attempt_at = now() - interval '1 hour' WHERE id = $1`, [writer.id]);
    expect(await replica.relayOnce()).toEqual({ claimed: 1, unconfirmed: 0 });
    await waitFor(async () => (await effectsFor(bus.dataSource, writer.id)) === 1, { timeoutMs: 15_000, description: 'the claimed event' });
  });
});
