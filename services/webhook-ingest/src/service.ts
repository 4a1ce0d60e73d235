import { databaseReadinessCheck, initializeDatabase, isDatabaseUnreachable, runMigrations } from '@chatpilot/db';
import { createHttpApp, startHttpServer, type HttpApp, type RunningHttpServer } from '@chatpilot/http';
import type { Logger } from '@chatpilot/logger';
import {
  createAmqpTransport,
  createEventConsumer,
  createMessagingMetrics,
  createOutboxRelay,
  type EventConsumer,
  type MessageTransport,
  type MessagingMetrics,
} from '@chatpilot/messaging';
import { createShutdownStack, type RunnableService } from '@chatpilot/runtime';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

import { checkSignature, ingestWebhook } from './app/ingest-webhook';
import type { IngestMetrics } from './app/ports';
import type { WebhookIngestConfig } from './config';
import { createBufferTransactions } from './db/buffer.repository';
import { webhookIngestEntities, webhookIngestMigrations } from './db/schema';
import { createWebhookEventRepository, type WebhookEventRepository } from './db/webhook-event.repository';
import { createWebhookWriter, type GroupCommittingWebhookWriter } from './db/webhook-writer';
import { createSignatureVerifier } from './domain/webhook-signature';
import { channelLinkedHandlers } from './events/channel-linked.handler';
import { internalRouter } from './http/internal.routes';
import { WEBHOOK_PREFIXES, webhookRouter, webhookSignatureCheck } from './http/webhook.routes';
import { createBufferMaintenance } from './jobs/buffer-maintenance.job';
import { createIngestMetrics } from './metrics';

export const SERVICE_NAME = 'webhook-ingest';

export interface ServiceOverrides {
  /** Used as is (initialized if needed; migrated when MIGRATIONS_RUN); the caller owns and destroys it. */
  dataSource?: DataSource;
  /** Used as is and not closed on stop (its creator owns it), e.g. the in-memory transport of single-process mode. */
  transport?: MessageTransport;
  /** Names the event consumer's queues (`<name>.events`); defaults to the service name. */
  consumerName?: string;
}

export interface WebhookIngestService extends RunnableService {
  /** The bound HTTP port (after start). */
  httpPort(): number;
  readonly metricsRegistry: Registry;
}

/** Composition root: database, broker, outbox relay, link consumer, buffer maintenance, HTTP. */
export function buildService(config: WebhookIngestConfig, logger: Logger, overrides: ServiceOverrides = {}): WebhookIngestService {
  const metricsRegistry = new Registry();
  const signatureVerifier = createSignatureVerifier(config.DIALOG360_WEBHOOK_SECRET);
  const metrics = createIngestMetrics(metricsRegistry, { signatureVerification: signatureVerifier.enabled });
  const messagingMetrics = createMessagingMetrics(metricsRegistry);
  const running = createShutdownStack();
  let server: RunningHttpServer | undefined;

  const start = async (): Promise<void> => {
    if (!signatureVerifier.enabled) {
      logger.warn('DIALOG360_WEBHOOK_SECRET is not set: webhook signatures are NOT verified and every request is accepted');
    }
    const { dataSource, ownsDataSource } = await openDatabase(config, logger, overrides.dataSource);
    if (ownsDataSource) running.defer(() => (dataSource.isInitialized ? dataSource.destroy() : undefined));
    const transport = overrides.transport ?? createAmqpTransport({ url: config.AMQP_URL, exchange: config.AMQP_EXCHANGE, logger, connectionName: SERVICE_NAME });
    if (!overrides.transport) running.defer(() => transport.close());
    await transport.start();
    const relay = createOutboxRelay({ dataSource, transport, logger, metrics: messagingMetrics });
    relay.start();
    running.defer(() => relay.stop());
    const consumer = createLinkConsumer(dataSource, transport, logger, { metrics, messagingMetrics, consumerName: overrides.consumerName ?? config.EVENT_CONSUMER_NAME });
    await consumer.start();
    running.defer(() => consumer.stop());
    const maintenance = createBufferMaintenance({
      transactions: createBufferTransactions(dataSource),
      metrics,
      logger,
      ttlMs: config.WEBHOOK_BUFFER_TTL,
      intervalMs: config.WEBHOOK_BUFFER_SWEEP_INTERVAL,
    });
    maintenance.start();
    running.defer(() => maintenance.stop());
    const repository = createWebhookEventRepository(dataSource, logger);
    const writer = createWriter(config, repository, metrics, logger);
    // Once the server stopped taking requests, the webhooks it accepted finish committing.
    running.defer(() => writer.drain());
    const app = createApp(config, logger, metricsRegistry, { dataSource, repository, writer, metrics, signatureVerifier });
    const started = await startHttpServer(app, { port: config.HTTP_PORT, host: config.HTTP_HOST, logger });
    running.defer(() => {
      server = undefined;
      return started.close();
    });
    server = started;
  };

  return {
    start,
    stop: () => running.unwind(),
    metricsRegistry,
    httpPort: () => {
      if (!server) throw new Error('webhook-ingest is not started');
      return server.port;
    },
  };
}

/** The `registry.channel.linked` consumer: the buffer's trigger. */
function createLinkConsumer(
  dataSource: DataSource,
  transport: MessageTransport,
  logger: Logger,
  deps: { metrics: IngestMetrics; messagingMetrics: MessagingMetrics; consumerName: string | undefined },
): EventConsumer {
  return createEventConsumer({
    name: deps.consumerName ?? SERVICE_NAME,
    transport,
    dataSource,
    handlers: channelLinkedHandlers(deps.metrics),
    logger,
    metrics: deps.messagingMetrics,
    // One link per transaction: two links in one would take their lock slots in two sorted runs,
    // out of order against an ingest batch holding slots of both, and deadlock.
    prefetch: 4,
    maxBatchSize: 1,
  });
}

async function openDatabase(config: WebhookIngestConfig, logger: Logger, provided: DataSource | undefined): Promise<{ dataSource: DataSource; ownsDataSource: boolean }> {
  if (!provided) {
    const dataSource = await initializeDatabase({
      url: config.DATABASE_URL,
      entities: webhookIngestEntities,
      migrations: webhookIngestMigrations,
      logger,
      poolSize: config.DATABASE_POOL_SIZE,
      applicationName: SERVICE_NAME,
      runMigrations: config.MIGRATIONS_RUN,
    });
    return { dataSource, ownsDataSource: true };
  }
  if (!provided.isInitialized) await provided.initialize();
  if (config.MIGRATIONS_RUN) await runMigrations(provided, { logger });
  return { dataSource: provided, ownsDataSource: false };
}

function createWriter(config: WebhookIngestConfig, repository: WebhookEventRepository, metrics: IngestMetrics, logger: Logger): GroupCommittingWebhookWriter {
  return createWebhookWriter({
    repository,
    metrics,
    logger,
    maxBatchItems: config.WEBHOOK_BATCH_MAX_EVENTS,
    maxBatchBytes: config.WEBHOOK_BATCH_MAX_BYTES,
    maxConcurrentCommits: config.WEBHOOK_BATCH_CONCURRENCY,
    maxQueuedItems: config.WEBHOOK_MAX_QUEUED,
  });
}

interface AppDeps {
  dataSource: DataSource;
  repository: WebhookEventRepository;
  writer: GroupCommittingWebhookWriter;
  metrics: IngestMetrics;
  signatureVerifier: ReturnType<typeof createSignatureVerifier>;
}

/**
 * Readiness is the database only: while RabbitMQ is down the outbox keeps every acknowledged
 * webhook, so pulling the pods out of rotation would only turn a broker outage into lost webhooks.
 */
function createApp(config: WebhookIngestConfig, logger: Logger, metricsRegistry: Registry, deps: AppDeps): HttpApp {
  const ingestDeps = { verifier: deps.signatureVerifier, writer: deps.writer, metrics: deps.metrics, storeTimeoutMs: config.WEBHOOK_STORE_TIMEOUT };
  const retryAfterSeconds = config.WEBHOOK_RETRY_AFTER_SECONDS;
  return createHttpApp({
    service: SERVICE_NAME,
    logger,
    metricsRegistry,
    bodyLimit: `${config.WEBHOOK_BODY_LIMIT}b`,
    rawBodyFor: WEBHOOK_PREFIXES.map((prefix) => `${prefix}/`),
    verifyRawBody: webhookSignatureCheck({ check: (rawBody, signature) => checkSignature(ingestDeps, rawBody, signature), retryAfterSeconds }),
    readinessChecks: [databaseReadinessCheck(deps.dataSource)],
    unavailable: { when: isDatabaseUnreachable, retryAfterSeconds },
    routes: (app) => {
      app.use([...WEBHOOK_PREFIXES], webhookRouter({ ingest: (delivery) => ingestWebhook(ingestDeps, delivery), retryAfterSeconds }));
      app.use(internalRouter({ reader: deps.repository, internalApiKeys: config.INTERNAL_API_KEYS, retryAfterSeconds }));
    },
  });
}
