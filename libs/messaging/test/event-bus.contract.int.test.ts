import { createEvent, type EventEnvelope } from '@chatpilot/contracts';
import { createLogger } from '@chatpilot/logger';
import { waitFor } from '@chatpilot/testing';

import { NonRetryableError } from '../src';
import { type BusFixture, channelLinked, createBusFixture, type TransportKind } from './support/bus-fixture';
import { countEffects, effectsFor, recordEffect } from './support/effects';

// One contract, two transports: whatever passes here behaves the same in the single-process
// mode (in memory) and in production (RabbitMQ).
describe.each<TransportKind>(['amqp', 'memory'])('event bus contract (%s transport)', (kind) => {
  let bus: BusFixture;

  beforeEach(async () => {
    bus = await createBusFixture(kind, `contract_${kind}`);
  });

  afterEach(async () => {
    await bus.close();
  });

  /** Sums a series (a histogram's `_count` too) over the values matching `labels`. */
  const metricValue = async (name: string, labels: Record<string, string> = {}): Promise<number> => {
    const values = (await bus.registry.getMetricsAsJSON()).flatMap((metric) =>
      (metric.values as { value: number; labels: Record<string, unknown>; metricName?: string }[]).filter((value) => (value.metricName ?? metric.name) === name),
    );
    return values.filter((value) => Object.entries(labels).every(([key, want]) => value.labels[key] === want)).reduce((sum, value) => sum + value.value, 0);
  };

  it('delivers an outbox event to its handler with typed data, inside the inbox transaction', async () => {
    const seen: string[] = [];
    await bus.startConsumer({
      handlers: {
        'registry.channel.linked': async (event, { entityManager }) => {
          seen.push(event.data.channel_id);
          await recordEffect(entityManager, event.id);
        },
      },
    });
    bus.startRelay();
    const event = channelLinked(7);

    await bus.enqueue([event]);

    await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { description: 'the effect of the event' });
    expect(seen).toEqual(['channel-7']);
    const [inbox] = (await bus.dataSource.query(`SELECT consumer, event_type FROM inbox WHERE event_id = $1`, [event.id])) as unknown[];
    expect(inbox).toEqual({ consumer: bus.consumerName, event_type: 'registry.channel.linked' });
    await waitFor(async () => (await metricValue('chatpilot_events_published_total', { outcome: 'confirmed' })) === 1, { description: 'the published metric' });
    expect(await metricValue('chatpilot_events_consumed_total', { outcome: 'processed' })).toBe(1);
    expect(await metricValue('chatpilot_outbox_relay_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(await metricValue('chatpilot_event_handler_duration_seconds_count', { outcome: 'processed' })).toBe(1);
  });

  it("handles one tenant's events one transaction at a time, in the order they were published", async () => {
    const tenants = ['tenant-a', 'tenant-b', 'tenant-c'];
    const events = Array.from({ length: 30 }, (_, index) =>
      createEvent('registry.channel.linked', { tenant_id: tenants[index % 3]!, channel_id: `channel-${index}`, client_id: 'client-1' }, { source: 'messaging-test', tenantId: tenants[index % 3]! }),
    );
    const active = new Map<string, number>();
    const handled = new Map<string, string[]>();
    let mostAtOnceForOneTenant = 0;
    await bus.startConsumer({
      maxBatchSize: 1,
      maxConcurrentBatches: 4,
      handlers: {
        'registry.channel.linked': async (event, { entityManager }) => {
          const tenant = event.data.tenant_id;
          active.set(tenant, (active.get(tenant) ?? 0) + 1);
          mostAtOnceForOneTenant = Math.max(mostAtOnceForOneTenant, active.get(tenant)!);
          await new Promise((resolve) => setTimeout(resolve, 5));
          await recordEffect(entityManager, event.id);
          handled.set(tenant, [...(handled.get(tenant) ?? []), event.data.channel_id]);
          active.set(tenant, active.get(tenant)! - 1);
        },
      },
    });
    bus.startRelay();

    await bus.enqueue(events);

    await waitFor(async () => (await countEffects(bus.dataSource)).events === events.length, { description: 'every event handled' });
    expect(mostAtOnceForOneTenant).toBe(1);
    for (const tenant of tenants) {
      expect(handled.get(tenant)).toEqual(events.filter((event) => event.data.tenant_id === tenant).map((event) => event.data.channel_id));
    }
  });

  it("batched by key, puts only one tenant's events in a transaction, and a tenant's waiting events share the next one", async () => {
    const tenants = ['tenant-a', 'tenant-b', 'tenant-c'];
    const events = Array.from({ length: 30 }, (_, index) =>
      createEvent('registry.channel.linked', { tenant_id: tenants[index % 3]!, channel_id: `channel-${index}`, client_id: 'client-1' }, { source: 'messaging-test', tenantId: tenants[index % 3]! }),
    );
    const tenantsByTransaction = new Map<string, Set<string>>();
    const eventsByTransaction = new Map<string, number>();
    let slowedFirst = false;
    await bus.startConsumer({
      maxBatchSize: 25,
      batchBy: 'key',
      maxConcurrentBatches: 4,
      handlers: {
        'registry.channel.linked': async (event, { entityManager }) => {
          // The first event holds its tenant's key for a while, so that tenant's next events queue up behind it.
          if (!slowedFirst) {
            slowedFirst = true;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          const [{ id }] = (await entityManager.query(`SELECT txid_current()::text AS id`)) as [{ id: string }];
          tenantsByTransaction.set(id, (tenantsByTransaction.get(id) ?? new Set()).add(event.data.tenant_id));
          eventsByTransaction.set(id, (eventsByTransaction.get(id) ?? 0) + 1);
          await recordEffect(entityManager, event.id);
        },
      },
    });
    bus.startRelay();

    await bus.enqueue(events);

    await waitFor(async () => (await countEffects(bus.dataSource)).events === events.length, { description: 'every event handled' });
    expect([...tenantsByTransaction.values()].map((set) => set.size)).toEqual(Array.from({ length: tenantsByTransaction.size }, () => 1));
    expect(Math.max(...eventsByTransaction.values())).toBeGreaterThan(1);
  });

  it('runs after-commit effects once per committed delivery, never for a rolled-back batch or attempt', async () => {
    const events = [0, 1, 2, 3].map((index) => channelLinked(index, 'tenant-a'));
    const committed: string[] = [];
    let failedOnce = false;
    let slowedFirst = false;
    await bus.startConsumer({
      maxBatchSize: 25,
      batchBy: 'key',
      handlers: {
        'registry.channel.linked': async (event, { entityManager, afterCommit }) => {
          if (!slowedFirst) {
            slowedFirst = true;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          await recordEffect(entityManager, event.id);
          afterCommit(() => committed.push(event.data.channel_id));
          // Fails after registering its effect: the batch it is in rolls back and is redone one by one.
          if (event.data.channel_id === 'channel-2' && !failedOnce) {
            failedOnce = true;
            throw new Error('fails once');
          }
        },
      },
    });
    bus.startRelay();

    await bus.enqueue(events);

    await waitFor(async () => (await countEffects(bus.dataSource)).events === events.length, { description: 'every event handled' });
    await waitFor(() => committed.length >= events.length, { description: 'every effect after its commit' });
    expect([...committed].sort()).toEqual(['channel-0', 'channel-1', 'channel-2', 'channel-3']);
  });

  it('acks the events a consumer ignores without an inbox row or a handler call, and handles the others', async () => {
    const handled: string[] = [];
    await bus.startConsumer({
      handlers: {
        'registry.channel.linked': async (event, { entityManager }) => {
          handled.push(event.data.channel_id);
          await recordEffect(entityManager, event.id);
        },
      },
      ignores: (event) => event.type === 'registry.channel.linked' && event.data.channel_id === 'channel-1',
    });
    bus.startRelay();
    const [ignored, handledEvent] = [channelLinked(1), channelLinked(2)];

    await bus.enqueue([ignored, handledEvent]);

    await waitFor(async () => (await metricValue('chatpilot_events_consumed_total')) === 2, { description: 'both deliveries to be acked' });
    expect(handled).toEqual(['channel-2']);
    expect(await metricValue('chatpilot_events_consumed_total', { outcome: 'ignored' })).toBe(1);
    const inbox = (await bus.dataSource.query(`SELECT event_id FROM inbox WHERE event_id = ANY($1::uuid[])`, [[ignored.id, handledEvent.id]])) as { event_id: string }[];
    expect(inbox.map((row) => row.event_id)).toEqual([handledEvent.id]);
  });

  it('has exactly one effect when the same event is published 50 times', async () => {
    await bus.startConsumer({ handlers: { 'registry.channel.linked': async (event, { entityManager }) => recordEffect(entityManager, event.id) } });
    const event = channelLinked();
    const message = { id: event.id, type: event.type, body: Buffer.from(JSON.stringify(event)) };

    const outcomes = await bus.transport.publish(Array.from({ length: 50 }, () => message));

    expect(outcomes.every((outcome) => outcome.status === 'confirmed')).toBe(true);
    await waitFor(async () => (await metricValue('chatpilot_events_consumed_total')) === 50, { description: 'all 50 deliveries to be handled' });
    expect(await effectsFor(bus.dataSource, event.id)).toBe(1);
    expect(await metricValue('chatpilot_events_consumed_total', { outcome: 'duplicate' })).toBe(49);
  });

  it('handles events whose ids are written in upper case, batched together, once each', async () => {
    const handled: string[] = [];
    await bus.startConsumer({ handlers: { 'registry.channel.linked': async (event) => void handled.push(event.data.channel_id) } });
    const events = Array.from({ length: 20 }, (_, index) => ({ ...channelLinked(index), id: channelLinked(index).id.toUpperCase() }));
    const sameAsFirstInLowerCase = { ...events[0]!, id: events[0]!.id.toLowerCase() };
    const messages = [...events, sameAsFirstInLowerCase].map((event) => ({ id: event.id, type: event.type, body: Buffer.from(JSON.stringify(event)) }));

    await bus.transport.publish(messages);

    await waitFor(async () => (await metricValue('chatpilot_events_consumed_total')) === 21, { description: 'all 21 deliveries to be handled' });
    expect(handled.sort()).toEqual(events.map((event) => event.data.channel_id).sort());
    expect(await metricValue('chatpilot_events_consumed_total', { outcome: 'duplicate' })).toBe(1);
  });

  it('retries a failing handler with backoff, rolling back the failed attempts, until it succeeds', async () => {
    const attempts: number[] = [];
    await bus.startConsumer({
      handlers: {
        'registry.channel.linked': async (event, { entityManager, failedAttempts }) => {
          attempts.push(failedAttempts);
          await recordEffect(entityManager, event.id);
          if (failedAttempts < 2) throw new Error('downstream hiccup');
        },
      },
    });
    bus.startRelay();
    const event = channelLinked();

    await bus.enqueue([event]);

    await waitFor(() => attempts.length === 3 || undefined, { description: 'the third attempt' });
    await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { description: 'the effect of the successful attempt' });
    expect(attempts).toEqual([0, 1, 2]);
    expect(await metricValue('chatpilot_events_retried_total')).toBe(2);
  });

  it('dead-letters a poison message after the last attempt without holding up the others, and replays it once fixed', async () => {
    let poisonFixed = false;
    const poison = channelLinked(666);
    const attemptsSeenByOthers = new Set<number>();
    await bus.startConsumer({
      handlers: {
        'registry.channel.linked': async (event, { entityManager, failedAttempts }) => {
          if (event.id === poison.id && !poisonFixed) throw new Error('cannot handle channel-666');
          if (event.id !== poison.id) attemptsSeenByOthers.add(failedAttempts);
          await recordEffect(entityManager, event.id);
        },
      },
    });
    bus.startRelay();
    const others = Array.from({ length: 20 }, (_, index) => channelLinked(index));

    await bus.enqueue([poison, ...others]);

    await waitFor(async () => (await countEffects(bus.dataSource)).events === 20, { description: 'the events behind the poison message' });
    const [letter] = await waitFor(async () => {
      const letters = await bus.transport.deadLetters.list(bus.consumerName);
      return letters.length === 1 ? letters : undefined;
    }, { description: 'the poison message in the dead-letter queue' });
    expect(letter).toMatchObject({ messageId: poison.id, type: 'registry.channel.linked', reason: 'ATTEMPTS_EXHAUSTED', failedAttempts: 3 });
    expect(letter?.error).toMatch(/cannot handle channel-666/);
    expect(await effectsFor(bus.dataSource, poison.id)).toBe(0);
    // Events that shared an inbox transaction with the poison message lost no attempt to it.
    expect([...attemptsSeenByOthers]).toEqual([0]);

    poisonFixed = true;
    expect(await bus.transport.deadLetters.replay(bus.consumerName, poison.id)).toBe(true);

    await waitFor(async () => (await effectsFor(bus.dataSource, poison.id)) === 1, { description: 'the replayed poison message' });
    expect(await bus.transport.deadLetters.list(bus.consumerName)).toEqual([]);
    expect(await metricValue('chatpilot_events_dead_lettered_total', { reason: 'ATTEMPTS_EXHAUSTED' })).toBe(1);
  });

  it('dead-letters at once when the handler says retrying cannot help, and replays everything on request', async () => {
    let accept = false;
    await bus.startConsumer({
      handlers: {
        'registry.channel.linked': async (event, { entityManager }) => {
          if (!accept) throw new NonRetryableError('channel belongs to another tenant', 'REGISTRY.TENANT_MISMATCH');
          await recordEffect(entityManager, event.id);
        },
      },
    });
    bus.startRelay();

    await bus.enqueue([channelLinked(1), channelLinked(2)]);

    const letters = await waitFor(async () => {
      const found = await bus.transport.deadLetters.list(bus.consumerName);
      return found.length === 2 ? found : undefined;
    }, { description: 'both events in the dead-letter queue' });
    expect(letters.map((letter) => [letter.reason, letter.failedAttempts])).toEqual([
      ['NON_RETRYABLE', 1],
      ['NON_RETRYABLE', 1],
    ]);
    expect(await metricValue('chatpilot_events_retried_total')).toBe(0);

    // Replayed while still failing: they come straight back, and the replay run still ends.
    expect(await bus.transport.deadLetters.replayAll(bus.consumerName)).toBe(2);
    await waitFor(async () => (await bus.transport.deadLetters.list(bus.consumerName)).length === 2, { description: 'both events back in the dead-letter queue' });

    accept = true;
    expect(await bus.transport.deadLetters.replayAll(bus.consumerName)).toBe(2);
    await waitFor(async () => (await countEffects(bus.dataSource)).events === 2, { description: 'both replayed events' });
  });

  it('dead-letters an invalid envelope straight away with the validation error, never calling the handler', async () => {
    const handled: string[] = [];
    await bus.startConsumer({ handlers: { 'registry.channel.linked': async (event) => void handled.push(event.id) } });
    const valid = channelLinked();
    const invalid = { ...valid, data: { channel_id: 'channel-1' } };

    const outcomes = await bus.transport.publish([
      { id: valid.id, type: valid.type, body: Buffer.from(JSON.stringify(invalid)) },
      { id: 'not-json', type: valid.type, body: Buffer.from('{oops') },
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['confirmed', 'confirmed']);
    const letters = await waitFor(async () => {
      const found = await bus.transport.deadLetters.list(bus.consumerName);
      return found.length === 2 ? found : undefined;
    }, { description: 'both invalid messages in the dead-letter queue' });
    const byId = new Map(letters.map((letter) => [letter.messageId, letter]));
    expect(byId.get(valid.id)).toMatchObject({ reason: 'INVALID_ENVELOPE', failedAttempts: 0 });
    expect(byId.get(valid.id)?.error).toMatch(/data\.tenant_id/);
    expect(byId.get('not-json')).toMatchObject({ reason: 'INVALID_ENVELOPE', error: 'body is not JSON' });
    expect(handled).toEqual([]);
    expect(await metricValue('chatpilot_events_retried_total')).toBe(0);
  });

  describe('with handleOwnCommits', () => {
    const recordingHandler = (handled: string[]) => ({
      'registry.channel.linked': async (event: ReturnType<typeof channelLinked>, { entityManager }: { entityManager: Parameters<typeof recordEffect>[0] }) => {
        handled.push(event.id);
        await recordEffect(entityManager, event.id);
      },
    });

    it('handles an event its own transaction committed at once, before any relay publishes it, and acks the broker copy as a duplicate', async () => {
      const handled: string[] = [];
      await bus.startConsumer({ handleOwnCommits: true, handlers: recordingHandler(handled) });
      const event = channelLinked(1);

      await bus.enqueue([event]);

      // No relay runs yet: only the commit can have brought the event to its handler.
      await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { description: 'the effect, without the broker' });
      bus.startRelay();
      await waitFor(async () => (await metricValue('chatpilot_events_consumed_total', { outcome: 'duplicate' })) === 1, { description: 'the broker copy acked' });
      expect(handled).toEqual([event.id]);
      expect(await metricValue('chatpilot_events_consumed_total', { outcome: 'processed' })).toBe(1);
    });

    it('handles and publishes each event once while the relay watches the same commits', async () => {
      const handled: string[] = [];
      bus.startRelay();
      await bus.startConsumer({ handleOwnCommits: true, handlers: recordingHandler(handled) });
      const events = Array.from({ length: 6 }, (_, index) => channelLinked(index, `tenant-${index % 2}`));

      await bus.enqueue(events.slice(0, 3));
      await bus.enqueue(events.slice(3));

      await waitFor(async () => (await metricValue('chatpilot_events_consumed_total', { outcome: 'duplicate' })) === 6, { description: 'every broker copy acked' });
      expect(await countEffects(bus.dataSource)).toEqual({ rows: 6, events: 6 });
      expect(handled.sort()).toEqual(events.map((event) => event.id).sort());
      expect(await metricValue('chatpilot_events_published_total', { outcome: 'confirmed' })).toBe(6);
    });

    it('leaves an event whose handler failed at the commit to its broker delivery and its retries', async () => {
      let attempts = 0;
      await bus.startConsumer({
        handleOwnCommits: true,
        handlers: {
          'registry.channel.linked': async (event, { entityManager }) => {
            attempts += 1;
            if (attempts === 1) throw new Error('a dependency is down');
            await recordEffect(entityManager, event.id);
          },
        },
      });
      const event = channelLinked(1);

      await bus.enqueue([event]);
      await waitFor(() => attempts === 1, { description: 'the attempt at the commit' });
      bus.startRelay();

      await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { description: 'the effect, through the broker' });
      expect(attempts).toBe(2);
      expect(await metricValue('chatpilot_events_consumed_total', { outcome: 'processed' })).toBe(1);
    });

    it('does not handle at the commit what the consumer ignores', async () => {
      const handled: string[] = [];
      await bus.startConsumer({ handleOwnCommits: true, handlers: recordingHandler(handled), ignores: () => true });
      bus.startRelay();

      await bus.enqueue([channelLinked(1)]);

      await waitFor(async () => (await metricValue('chatpilot_events_consumed_total', { outcome: 'ignored' })) === 1, { description: 'the broker copy ignored' });
      expect(handled).toEqual([]);
      expect(await metricValue('chatpilot_events_consumed_total')).toBe(1);
    });
  });

  it('keeps an unroutable event in the outbox and backs off instead of dropping it', async () => {
    await bus.startConsumer({ handlers: { 'registry.channel.linked': async () => undefined } });
    const relay = bus.startRelay({ rejectedRetry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const nobodyListens: EventEnvelope = createEvent('vault.channel_key.revoked', { channel_id: 'c-1', reason: 'rotated' }, { source: 'test' });

    await bus.enqueue([nobodyListens]);

    const [row] = await waitFor(async () => {
      const rows = (await bus.dataSource.query(`SELECT attempts, last_error, published_at FROM outbox WHERE id = $1`, [nobodyListens.id])) as {
        attempts: number;
        last_error: string | null;
        published_at: Date | null;
      }[];
      return rows[0]?.attempts === 1 ? rows : undefined;
    }, { description: 'the relay to record the rejection' });
    expect(row).toMatchObject({ published_at: null, last_error: expect.stringMatching(/unroutable/) });
    expect(await relay.relayOnce()).toEqual({ claimed: 0, unconfirmed: 0 });
    expect(await metricValue('chatpilot_events_published_total', { outcome: 'rejected' })).toBe(1);
  });

  it('counts unroutable rows apart from the lag, and warns once per refused type', async () => {
    const lines: { level: string; msg: string }[] = [];
    const logger = createLogger({ service: 'relay-test', level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line) as { level: string; msg: string }) } });
    bus.startRelay({ logger, rejectedRetry: { baseDelayMs: 10, maxDelayMs: 10, parkUnroutableAfterAttempts: 1_000 }, lagSampleIntervalMs: 20 });
    const revoked = (channelId: string): EventEnvelope => createEvent('vault.channel_key.revoked', { channel_id: channelId, reason: 'rotated' }, { source: 'test' });

    await bus.enqueue([revoked('c-1'), revoked('c-2')]);

    await waitFor(async () => {
      const rows = (await bus.dataSource.query(`SELECT min(attempts)::int AS attempts FROM outbox`)) as { attempts: number }[];
      return (rows[0]?.attempts ?? 0) >= 3;
    }, { description: 'both rows refused three times' });
    await waitFor(async () => (await metricValue('chatpilot_outbox_unroutable_events')) === 2, { description: 'the unroutable gauge' });
    expect(await metricValue('chatpilot_outbox_lag_seconds')).toBe(0);
    const refusals = lines.filter((line) => line.msg.startsWith('broker refused outbox events'));
    expect(refusals.filter((line) => line.level === 'warn')).toHaveLength(1);
    expect(refusals.filter((line) => line.level === 'debug').length).toBeGreaterThan(0);
  });

  it('parks an event no queue takes after its attempts, and publishes it once a consumer binds its type', async () => {
    bus.startRelay({
      rejectedRetry: { baseDelayMs: 10, maxDelayMs: 10, parkUnroutableAfterAttempts: 3 },
      lagSampleIntervalMs: 20,
      probeParkedIntervalMs: 300,
    });
    const revoked = (channelId: string): EventEnvelope => createEvent('vault.channel_key.revoked', { channel_id: channelId, reason: 'rotated' }, { source: 'test' });
    const events = [revoked('c-1'), revoked('c-2')];
    const parkedRows = async (): Promise<{ attempts: number }[]> =>
      (await bus.dataSource.query(`SELECT attempts FROM outbox WHERE published_at IS NULL AND next_attempt_at = 'infinity'`)) as { attempts: number }[];

    await bus.enqueue(events);

    const parked = await waitFor(async () => {
      const rows = await parkedRows();
      return rows.length === 2 ? rows : undefined;
    }, { description: 'both unroutable rows parked' });
    expect(parked.every((row) => row.attempts >= 3)).toBe(true);
    await waitFor(async () => (await metricValue('chatpilot_outbox_parked_events')) === 2, { description: 'the parked gauge' });
    expect(await metricValue('chatpilot_outbox_lag_seconds')).toBe(0);

    const handled: string[] = [];
    await bus.startConsumer({ handlers: { 'vault.channel_key.revoked': async (event) => void handled.push(event.data.channel_id) } });

    await waitFor(async () => handled.length === 2, { description: 'both parked events delivered once their type is bound' });
    expect(handled.sort()).toEqual(['c-1', 'c-2']);
    const [unpublished] = (await bus.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
    expect(unpublished?.n).toBe(0);
    await waitFor(async () => (await metricValue('chatpilot_outbox_parked_events')) === 0, { description: 'the parked gauge back to 0' });
  });
});
