import type { EventEnvelope } from '@chatpilot/contracts';

import { enqueueEvent } from '../src';
import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';

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
});
