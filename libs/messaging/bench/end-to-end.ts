import { createEvent, type EventEnvelope } from '@chatpilot/contracts';
import type { Logger } from '@chatpilot/logger';
import { Registry } from 'prom-client';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';

import {
  consumerQueueNames,
  createAmqpTransport,
  createEventConsumer,
  createMessagingMetrics,
  createOutboxRelay,
  DEFAULT_RETRY_DELAYS_MS,
  enqueueEvents,
  type MessagingMetrics,
} from '../src';
import { deleteBrokerObjects } from './raw-amqp-baseline';

const CONCURRENT_PRODUCERS = 4;
const EVENTS_PER_TRANSACTION = 100;

export class CreateBenchEffects1767225600002 implements MigrationInterface {
  name = 'CreateBenchEffects1767225600002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE bench_effects (event_id uuid NOT NULL, channel_id text NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE bench_effects`);
  }
}

export function sampleEvent(index: number) {
  return createEvent('registry.channel.linked', { tenant_id: 'tenant-1', channel_id: `channel-${index}`, client_id: 'client-1' }, { source: 'bench' });
}

export interface EndToEndRun {
  url: string;
  dataSource: DataSource;
  logger: Logger;
  /** Unique per round and variant, so runs never share queues or inbox rows. */
  namePrefix: string;
  count: number;
  /** The handler writes one row per event (an application's effect); otherwise it does nothing. */
  writeEffectRow: boolean;
}

/**
 * Events/s from the first outbox insert to the last inbox commit of the consumer, with the
 * library's default settings.
 */
export async function measureEndToEnd(run: EndToEndRun): Promise<number> {
  const { dataSource, logger } = run;
  const metrics = createMessagingMetrics(new Registry());
  const exchange = `${run.namePrefix}.events`;
  const consumerName = `${run.namePrefix}.consumer`;
  const transport = createAmqpTransport({ url: run.url, exchange, logger, connectionName: 'bench-bus' });
  await transport.start();
  const consumer = createEventConsumer({
    name: consumerName,
    transport,
    dataSource,
    logger,
    metrics,
    handlers: {
      'registry.channel.linked': async (event, { entityManager }) => {
        if (!run.writeEffectRow) return;
        await entityManager.query(`INSERT INTO bench_effects (event_id, channel_id) VALUES ($1, $2)`, [event.id, event.data.channel_id]);
      },
    },
  });
  await consumer.start();
  const relay = createOutboxRelay({ dataSource, transport, logger, metrics });
  relay.start();
  try {
    const events = Array.from({ length: run.count }, (_, index) => sampleEvent(index));
    const startedAt = performance.now();
    await produce(dataSource, events);
    await waitForConsumed(metrics, run.count);
    const perSecond = (run.count / (performance.now() - startedAt)) * 1000;
    await assertInboxHolds(dataSource, consumerName, run.count);
    return perSecond;
  } finally {
    await relay.stop();
    await consumer.stop();
    await transport.close();
    await deleteBrokerObjects(run.url, consumerQueueNames(consumerName, DEFAULT_RETRY_DELAYS_MS), exchange);
  }
}

/** Like a busy service: several request handlers committing 100 events per transaction at once. */
async function produce(dataSource: DataSource, events: readonly EventEnvelope[]): Promise<void> {
  let next = 0;
  const producer = async (): Promise<void> => {
    for (let start = next; start < events.length; start = next) {
      next += EVENTS_PER_TRANSACTION;
      await dataSource.transaction((entityManager) => enqueueEvents(entityManager, events.slice(start, start + EVENTS_PER_TRANSACTION)));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_PRODUCERS }, producer));
}

/**
 * The consumer counts a delivery once its inbox transaction committed. Polling that in-memory
 * counter keeps the measurement off the database, whose CPU the run is measuring; a `count(*)`
 * of the inbox every 20 ms cost PostgreSQL several percent of a core on a 2-core machine.
 */
async function waitForConsumed(metrics: MessagingMetrics, count: number): Promise<void> {
  for (;;) {
    const { values } = await metrics.consumed.get();
    if (values.reduce((sum, sample) => sum + sample.value, 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The inbox row commits with the effect, so counting inbox rows covers both variants. */
async function assertInboxHolds(dataSource: DataSource, consumer: string, count: number): Promise<void> {
  const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = $1`, [consumer])) as { n: number }[];
  if (row?.n !== count) throw new Error(`${consumer}: ${count} events consumed but the inbox holds ${row?.n ?? 0} rows`);
}
