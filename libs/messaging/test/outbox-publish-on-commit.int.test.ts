import { waitFor } from '@chatpilot/testing';

import { enqueueEvents } from '../src';
import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';
import { effectsFor, recordEffect } from './support/effects';

const TEN_MINUTES_MS = 10 * 60_000;

describe('outbox relay publishing as transactions commit', () => {
  let bus: BusFixture;

  beforeAll(async () => {
    bus = await createBusFixture('memory', 'publish_on_commit');
    await bus.startConsumer({ handlers: { 'registry.channel.linked': async (event, { entityManager }) => recordEffect(entityManager, event.id) } });
  });

  afterAll(async () => {
    await bus?.close();
  });

  async function publishedAt(eventId: string): Promise<Date | null | undefined> {
    const rows = (await bus.dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [eventId])) as { published_at: Date | null }[];
    return rows[0]?.published_at;
  }

  it('publishes a transaction’s events as it commits, long before a claim cycle would, and marks them published', async () => {
    const relay = bus.startRelay({ pollIntervalMs: TEN_MINUTES_MS, commitGraceMs: TEN_MINUTES_MS });
    const event = channelLinked();

    await bus.enqueue([event]);

    await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { timeoutMs: 15_000, description: 'the effect, with no claim cycle due' });
    await waitFor(async () => (await publishedAt(event.id)) instanceof Date, { description: 'the row marked published' });
    const stoppedAt = Date.now();
    await relay.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  });

  it('never publishes the events of a transaction that rolled back', async () => {
    const relay = bus.startRelay({ pollIntervalMs: TEN_MINUTES_MS, commitGraceMs: TEN_MINUTES_MS });
    const rolledBack = channelLinked();
    const committed = channelLinked();

    await expect(
      bus.dataSource.transaction(async (entityManager) => {
        await enqueueEvents(entityManager, [rolledBack]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await bus.enqueue([committed]);

    await waitFor(async () => (await effectsFor(bus.dataSource, committed.id)) === 1, { timeoutMs: 15_000, description: 'the committed event' });
    expect(await effectsFor(bus.dataSource, rolledBack.id)).toBe(0);
    expect(await publishedAt(rolledBack.id)).toBeUndefined();
    await relay.stop();
  });

  it('leaves a transaction that rolled back to a savepoint to the claim cycles, which publish what it committed', async () => {
    const relay = bus.startRelay({ pollIntervalMs: 100, commitGraceMs: TEN_MINUTES_MS });
    const kept = channelLinked();
    const undone = channelLinked();
    const later = channelLinked();

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

    await waitFor(async () => (await effectsFor(bus.dataSource, later.id)) === 1, { timeoutMs: 15_000, description: 'the next transaction’s event' });
    expect(await publishedAt(kept.id)).toBeNull();
    expect(await publishedAt(undone.id)).toBeUndefined();

    // Once older than the grace, a claim cycle takes the row the commit left.
    await bus.dataSource.query(`UPDATE outbox SET created_at = now() - interval '1 hour' WHERE id = $1`, [kept.id]);

    await waitFor(async () => (await effectsFor(bus.dataSource, kept.id)) === 1, { timeoutMs: 15_000, description: 'the kept event, from a claim cycle' });
    expect(await effectsFor(bus.dataSource, undone.id)).toBe(0);
    await relay.stop();
  });
});
