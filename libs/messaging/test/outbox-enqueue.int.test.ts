import type { EventEnvelope } from '@chatpilot/contracts';

import { waitFor } from '@chatpilot/testing';

import { changeWithEvents, enqueueEvent } from '../src';
import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';
import { effectsFor, recordEffect } from './support/effects';

describe('enqueueEvents', () => {
  let bus: BusFixture;

  beforeAll(async () => {
    bus = await createBusFixture('memory', 'enqueue');
  });

  afterAll(async () => {
    await bus.close();
  });

  it('refuses to write outside a transaction, where the event could outlive a rolled-back change', async () => {
    await expect(enqueueEvent(bus.dataSource.manager, channelLinked())).rejects.toThrow(/running transaction/);
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    const event = channelLinked();

    await expect(
      bus.dataSource.transaction(async (entityManager) => {
        await enqueueEvent(entityManager, event);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');

    expect(await bus.dataSource.query(`SELECT id FROM outbox WHERE id = $1`, [event.id])).toEqual([]);
  });

  it('rejects an event that does not match its contract', async () => {
    const event = { ...channelLinked(), data: { channel_id: 'x' } } as unknown as EventEnvelope;

    await expect(bus.enqueue([event])).rejects.toThrow(/data\.tenant_id/);
  });

  it('skips an event id that is already in the outbox', async () => {
    const event = channelLinked();

    await bus.enqueue([event]);
    await bus.enqueue([event]);

    expect(await bus.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE id = $1`, [event.id])).toEqual([{ n: 1 }]);
  });

  describe('changeWithEvents', () => {
    const noteEffect = (eventId: string, note: string) => ({ sql: 'INSERT INTO effects (event_id, note) VALUES ($1, $2) RETURNING event_id, note', parameters: [eventId, note] });
    const inOutbox = async (ids: string[]): Promise<string[]> =>
      ((await bus.dataSource.query(`SELECT id FROM outbox WHERE id = ANY($1::uuid[]) ORDER BY seq`, [ids])) as { id: string }[]).map((row) => row.id);

    it("writes the events with the statement's change and answers the statement's rows", async () => {
      const events = [channelLinked(1), channelLinked(2)];
      const changedFor = events[0]!.id;

      const rows = await bus.dataSource.transaction((entityManager) => changeWithEvents(entityManager, noteEffect(changedFor, 'changed'), events));

      expect(rows).toEqual([{ event_id: changedFor, note: 'changed' }]);
      expect(await inOutbox(events.map((event) => event.id))).toEqual(events.map((event) => event.id));
    });

    it('writes no event when the statement changed nothing, and answers no row', async () => {
      const event = channelLinked(3);
      const noChange = { sql: 'UPDATE effects SET note = $1 WHERE event_id = $2 RETURNING seq', parameters: ['never', event.id] };

      const rows = await bus.dataSource.transaction((entityManager) => changeWithEvents(entityManager, noChange, [event]));

      expect(rows).toEqual([]);
      expect(await inOutbox([event.id])).toEqual([]);
    });

    it("answers the statement's rows as they are when there is no event", async () => {
      const eventId = channelLinked(4).id;
      await bus.dataSource.transaction((entityManager) => recordEffect(entityManager, eventId, 'before'));
      const update = { sql: 'UPDATE effects SET note = $1 WHERE event_id = $2 RETURNING note', parameters: ['after', eventId] };

      const rows = await bus.dataSource.transaction((entityManager) => changeWithEvents(entityManager, update, []));

      expect(rows).toEqual([{ note: 'after' }]);
    });

    it('refuses to write outside a transaction', async () => {
      await expect(changeWithEvents(bus.dataSource.manager, noteEffect(channelLinked(5).id, 'x'), [channelLinked(5)])).rejects.toThrow(/running transaction/);
    });

    it('hands the events to the relay as their transaction commits', async () => {
      bus.startRelay({ pollIntervalMs: 60_000 });
      await bus.startConsumer({ handlers: { 'registry.channel.linked': async (event, { entityManager }) => recordEffect(entityManager, event.id, 'handled') } });
      const event = channelLinked(6);
      // The relay's first claim cycle runs at its start; afterwards only the commit path can publish within the minute.
      await waitFor(async () => (await bus.registry.getSingleMetric('chatpilot_outbox_relay_catching_up')?.get())?.values[0]?.value === 0, { description: 'the relay caught up' });

      await bus.dataSource.transaction((entityManager) => changeWithEvents(entityManager, noteEffect(event.id, 'changed'), [event]));

      await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 2, { description: 'the event handled' });
    });
  });
});
