import { createEvent, type EventEnvelope } from '@chatpilot/contracts';
import { createDataSource, runMigrations } from '@chatpilot/db';
import { createLogger, type Logger } from '@chatpilot/logger';
import { type AmqpNamespace, createAmqpNamespace, createTestDatabase, type TestDatabase } from '@chatpilot/testing';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

import {
  consumerQueueNames,
  createAmqpTransport,
  createEventConsumer,
  createInMemoryTransport,
  createMessagingMetrics,
  createOutboxRelay,
  enqueueEvents,
  type AmqpTransportOptions,
  type EventConsumer,
  type EventConsumerOptions,
  InboxRecord,
  MESSAGING_MIGRATIONS,
  type MessageTransport,
  type MessagingMetrics,
  type OutboxRelay,
  type OutboxRelayOptions,
  OutboxMessage,
} from '../../src';
import { CreateTestEffects1767225600001 } from './effects';

export type TransportKind = 'amqp' | 'memory';

/** Short delays keep retry tests fast; the policy logic is the same at any scale. */
export const TEST_RETRY_DELAYS_MS = [50, 100, 200];

export interface BusFixture {
  kind: TransportKind;
  dataSource: DataSource;
  transport: MessageTransport;
  metrics: MessagingMetrics;
  registry: Registry;
  logger: Logger;
  consumerName: string;
  exchange: string;
  /** Another transport on the same broker (for amqp) — e.g. one whose link a test cuts. */
  createTransport(overrides?: Partial<AmqpTransportOptions>): Promise<MessageTransport>;
  startConsumer(options: Pick<EventConsumerOptions, 'handlers'> & Partial<EventConsumerOptions>): Promise<EventConsumer>;
  startRelay(options?: Partial<OutboxRelayOptions>): OutboxRelay;
  /** Writes the events to the outbox in one committed transaction. */
  enqueue(events: readonly EventEnvelope[]): Promise<void>;
  close(): Promise<void>;
}

export function channelLinked(index = 0, tenantId = 'tenant-1'): EventEnvelope<'registry.channel.linked'> {
  return createEvent(
    'registry.channel.linked',
    { tenant_id: tenantId, channel_id: `channel-${index}`, client_id: 'client-1' },
    { source: 'messaging-test', tenantId },
  );
}

/** A database with the messaging and effects tables, a transport of `kind`, and cleanup. */
export async function createBusFixture(kind: TransportKind, label: string): Promise<BusFixture> {
  const logger = createLogger({ service: `messaging-test-${label}`, level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const database = await createTestDatabase(label);
  const dataSource = await openDatabase(database, logger);
  const namespace = kind === 'amqp' ? await createAmqpNamespace(label) : undefined;
  const exchange = namespace ? namespace.name('events') : 'chatpilot.events';
  const consumerName = namespace ? namespace.name('consumer') : `${label}-consumer`;
  if (namespace) claimConsumerQueues(namespace, consumerName);
  const registry = new Registry();
  const metrics = createMessagingMetrics(registry);
  const closers: (() => Promise<void>)[] = [];

  const createTransport = async (overrides: Partial<AmqpTransportOptions> = {}): Promise<MessageTransport> => {
    const transport = namespace
      ? createAmqpTransport({ url: namespace.url, exchange, logger, reconnectBaseDelayMs: 100, reconnectMaxDelayMs: 1_000, heartbeatSeconds: 5, confirmTimeoutMs: 5_000, ...overrides })
      : createInMemoryTransport({ logger });
    await transport.start();
    closers.push(() => transport.close());
    return transport;
  };
  const transport = await createTransport();

  return {
    kind,
    dataSource,
    transport,
    metrics,
    registry,
    logger,
    consumerName,
    exchange,
    createTransport,
    startConsumer: async (options) => {
      const consumer = createEventConsumer({ name: consumerName, transport, dataSource, logger, metrics, retryDelaysMs: TEST_RETRY_DELAYS_MS, maxAttempts: 3, ...options });
      await consumer.start();
      closers.push(() => consumer.stop());
      return consumer;
    },
    startRelay: (options = {}) => {
      const relay = createOutboxRelay({ dataSource, transport, logger, metrics, pollIntervalMs: 100, ...options });
      relay.start();
      closers.push(() => relay.stop());
      return relay;
    },
    enqueue: (events) => dataSource.transaction((entityManager) => enqueueEvents(entityManager, events)),
    close: async () => {
      for (const close of closers.reverse()) await close();
      await dataSource.destroy();
      await database.drop();
      await namespace?.cleanup();
    },
  };
}

async function openDatabase(database: TestDatabase, logger: Logger): Promise<DataSource> {
  const dataSource = createDataSource({
    url: database.url,
    entities: [OutboxMessage, InboxRecord],
    migrations: [...MESSAGING_MIGRATIONS, CreateTestEffects1767225600001],
    logger,
    poolSize: 12,
  });
  await dataSource.initialize();
  await runMigrations(dataSource, { logger });
  return dataSource;
}

/** Registers the consumer's derived queue names so the namespace cleanup deletes them too. */
function claimConsumerQueues(namespace: AmqpNamespace, consumer: string): void {
  for (const queue of consumerQueueNames(consumer, TEST_RETRY_DELAYS_MS)) {
    if (queue !== consumer) namespace.name(queue.slice(namespace.prefix.length + 1));
  }
}
