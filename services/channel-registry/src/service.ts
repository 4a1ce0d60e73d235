import fs from 'node:fs';

import { createPartnerApiClient, type PartnerApiClient } from '@chatpilot/d360-client';
import { createDataSource, databaseReadinessCheck, ensureDatabaseExists, isDatabaseUnreachable, runMigrations } from '@chatpilot/db';
import { createGrpcServer, type GrpcServer, type ServerTlsOptions } from '@chatpilot/grpc';
import { createHttpApp, type HttpApp, startHttpServer } from '@chatpilot/http';
import type { Logger } from '@chatpilot/logger';
import {
  createAmqpTransport,
  createEventConsumer,
  createMessagingMetrics,
  createOutboxRelay,
  InboxRecord,
  type MessageTransport,
  OutboxMessage,
} from '@chatpilot/messaging';
import { createShutdownStack, type RunnableService } from '@chatpilot/runtime';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

import type { ChannelQueries, Clock, UnitOfWork } from './app/ports';
import { reconcileDueChannels } from './app/reconcile-channels';
import { type RegistryConfig, SERVICE_NAME } from './config';
import { createChannelQueries } from './db/channel-queries.repository';
import { registryMigrations } from './db/migrations';
import { createReconciliationQueue } from './db/reconciliation-queue.repository';
import { createUnitOfWork, registryTransaction } from './db/unit-of-work';
import { WhatsappAccountEntity } from './db/whatsapp-account.entity';
import { d360EventHandlers } from './events/d360-events.consumer';
import { registryCallerAuth } from './grpc/caller-auth';
import { createRegistryHandlers } from './grpc/registry.handlers';
import { loadRegistryService, REGISTRY_SERVICE_NAME } from './grpc/registry-proto';
import { monitorServingStatus, type ServingStatusMonitor } from './grpc/serving-status-monitor';
import { channelRoutes } from './http/channels.routes';
import { createServiceMetrics, type ServiceMetrics } from './metrics';
import { createPartnerChannelSource } from './reconciler/partner-channel-source';
import { createReconcilerLoop, type ReconcilerLoop } from './reconciler/reconciler-loop';
import { createTokenBucket } from './reconciler/token-bucket';

/** What a DataSource for this service needs (also for callers that bring their own, e.g. PGlite). */
export const REGISTRY_ENTITIES = [WhatsappAccountEntity, OutboxMessage, InboxRecord];

export interface ServiceOverrides {
  /** Used as given and not destroyed on stop (its creator owns it); initialized and migrated if needed. */
  dataSource?: DataSource;
  /** Used as given and not closed on stop, e.g. the in-memory transport shared in single-process mode. */
  transport?: MessageTransport;
  /** Names the consumer's queues and inbox rows (default `channel-registry`); tests pass a unique one. */
  consumerName?: string;
}

export interface RegistryService extends RunnableService {
  /** Bound ports, known once started (configured port 0 picks a free one). */
  ports(): { http: number; grpc: number };
}

const SECOND = 1_000;

/** The composition root: every dependency of the registry is created and wired here. */
export function buildService(config: RegistryConfig, logger: Logger, overrides: ServiceOverrides = {}): RegistryService {
  const metricsRegistry = new Registry();
  const messagingMetrics = createMessagingMetrics(metricsRegistry);
  const metrics = createServiceMetrics(metricsRegistry);
  const dataSource = overrides.dataSource ?? databaseFor(config, logger);
  const transport = overrides.transport ?? createAmqpTransport({ url: config.AMQP_URL, exchange: config.AMQP_EXCHANGE, logger, connectionName: SERVICE_NAME });
  const clock: Clock = { now: () => new Date() };
  const unitOfWork = createUnitOfWork(dataSource);
  const queries = createChannelQueries(dataSource);

  const relay = createOutboxRelay({ dataSource, transport, logger, metrics: messagingMetrics });
  const consumer = createEventConsumer({
    name: overrides.consumerName ?? config.EVENT_CONSUMER_NAME,
    transport,
    dataSource,
    handlers: d360EventHandlers({ metrics, transactionFor: registryTransaction }),
    logger,
    metrics: messagingMetrics,
  });
  const readinessChecks = [databaseReadinessCheck(dataSource)];
  const grpcServer = buildGrpcServer(config, logger, metricsRegistry, { unitOfWork, queries, clock });
  const servingMonitor = monitorServingStatus({
    checks: readinessChecks,
    intervalMs: config.HEALTH_CHECK_INTERVAL_SECONDS * SECOND,
    onChange: (serving) => setServing(grpcServer, serving),
    logger,
  });
  const httpApp = createHttpApp({
    service: SERVICE_NAME,
    logger,
    metricsRegistry,
    readinessChecks,
    unavailable: { when: isDatabaseUnreachable },
    routes: (app) => app.use('/channels', channelRoutes({ queries, internalApiKeys: config.INTERNAL_API_KEYS })),
  });
  const reconciler = config.RECONCILER_ENABLED ? buildReconciler(config, logger, { dataSource, unitOfWork, clock, metrics }) : undefined;

  return lifecycle({ config, logger, overrides, dataSource, transport, relay, consumer, grpcServer, servingMonitor, httpApp, reconciler });
}

function databaseFor(config: RegistryConfig, logger: Logger): DataSource {
  return createDataSource({
    url: config.DATABASE_URL,
    entities: REGISTRY_ENTITIES,
    migrations: registryMigrations,
    logger,
    applicationName: SERVICE_NAME,
  });
}

function buildGrpcServer(config: RegistryConfig, logger: Logger, metricsRegistry: Registry, deps: { unitOfWork: UnitOfWork; queries: ChannelQueries; clock: Clock }): GrpcServer {
  const server = createGrpcServer({ logger, auth: registryCallerAuth(config), tls: serverTls(config), metricsRegistry });
  server.addService(loadRegistryService().service, createRegistryHandlers({ ...deps, logger }));
  return server;
}

function serverTls(config: RegistryConfig): ServerTlsOptions | undefined {
  const { GRPC_TLS_CERT_FILE: cert, GRPC_TLS_KEY_FILE: key, GRPC_TLS_CA_FILE: ca } = config;
  if (cert === undefined || key === undefined || ca === undefined) return undefined;
  return {
    certChain: fs.readFileSync(cert),
    privateKey: fs.readFileSync(key),
    rootCert: fs.readFileSync(ca),
    requireClientCert: config.GRPC_TLS_REQUIRE_CLIENT_CERT,
  };
}

function setServing(server: GrpcServer, serving: boolean): void {
  const status = serving ? 'SERVING' : 'NOT_SERVING';
  server.health.setStatus('', status);
  server.health.setStatus(REGISTRY_SERVICE_NAME, status);
}

interface Reconciler {
  loop: ReconcilerLoop;
  partnerApi: PartnerApiClient;
}

function buildReconciler(
  config: RegistryConfig,
  logger: Logger,
  deps: { dataSource: DataSource; unitOfWork: UnitOfWork; clock: Clock; metrics: ServiceMetrics },
): Reconciler {
  const partnerApi = createPartnerApiClient({
    baseUrl: config.DIALOG360_PARTNER_API_URL,
    partnerId: config.DIALOG360_PARTNER_ID!,
    auth: config.DIALOG360_PARTNER_API_KEY !== undefined ? { apiKey: config.DIALOG360_PARTNER_API_KEY } : { token: config.DIALOG360_PARTNER_TOKEN! },
    timeoutMs: config.DIALOG360_TIMEOUT_SECONDS * SECOND,
    breaker: { resetTimeoutMs: config.DIALOG360_BREAKER_RESET_SECONDS * SECOND, onStateChange: (state) => deps.metrics.setPartnerApiBreakerOpen(state === 'open') },
    logger,
  });
  const rateLimit = createTokenBucket({ ratePerSecond: config.RECONCILER_REQUESTS_PER_SECOND, burst: config.RECONCILER_BURST });
  const reconcile = {
    queue: createReconciliationQueue(deps.dataSource),
    source: createPartnerChannelSource({ client: partnerApi, rateLimit, logger }),
    unitOfWork: deps.unitOfWork,
    metrics: deps.metrics,
    clock: deps.clock,
    batchSize: config.RECONCILER_BATCH_SIZE,
    policy: {
      notRunningAfterMs: config.RECONCILER_NOT_RUNNING_AFTER_SECONDS * SECOND,
      recheckEveryMs: config.RECONCILER_RECHECK_SECONDS * SECOND,
      fullSweepEveryMs: config.RECONCILER_FULL_SWEEP_SECONDS * SECOND,
    },
  };
  const loop = createReconcilerLoop({
    intervalMs: config.RECONCILER_INTERVAL_SECONDS * SECOND,
    batchSize: config.RECONCILER_BATCH_SIZE,
    runCycle: (signal) => reconcileDueChannels(reconcile, signal),
    metrics: deps.metrics,
    logger,
  });
  return { loop, partnerApi };
}

interface Parts {
  config: RegistryConfig;
  logger: Logger;
  overrides: ServiceOverrides;
  dataSource: DataSource;
  transport: MessageTransport;
  relay: { start(): void; stop(): Promise<void> };
  consumer: { start(): Promise<void>; stop(): Promise<void> };
  grpcServer: GrpcServer;
  servingMonitor: ServingStatusMonitor;
  httpApp: HttpApp;
  reconciler: Reconciler | undefined;
}

/** Starts in dependency order and stops in reverse (servers → reconciler → consumer → relay → broker → database). */
function lifecycle(parts: Parts): RegistryService {
  const running = createShutdownStack();
  let bound: { http: number; grpc: number } | undefined;

  return {
    start: async () => {
      if (!parts.overrides.dataSource) running.defer(() => (parts.dataSource.isInitialized ? parts.dataSource.destroy() : undefined));
      await openDatabase(parts);
      if (!parts.overrides.transport) running.defer(() => parts.transport.close());
      await parts.transport.start();
      parts.relay.start();
      running.defer(() => parts.relay.stop());
      await parts.consumer.start();
      running.defer(() => parts.consumer.stop());
      const reconciler = parts.reconciler;
      if (reconciler) {
        running.defer(() => reconciler.partnerApi.close());
        reconciler.loop.start();
        running.defer(() => reconciler.loop.stop());
      }
      const grpc = await parts.grpcServer.start(`${parts.config.GRPC_HOST}:${parts.config.GRPC_PORT}`);
      running.defer(() => parts.grpcServer.stop());
      await parts.servingMonitor.start();
      running.defer(() => parts.servingMonitor.stop());
      const http = await startHttpServer(parts.httpApp, { port: parts.config.HTTP_PORT, host: parts.config.HTTP_HOST, logger: parts.logger });
      running.defer(() => http.close());
      bound = { http: http.port, grpc };
    },
    stop: () => running.unwind(),
    ports: () => {
      if (!bound) throw new Error('channel-registry is not started');
      return bound;
    },
  };
}

async function openDatabase({ config, logger, overrides, dataSource }: Parts): Promise<void> {
  if (!overrides.dataSource) await ensureDatabaseExists(config.DATABASE_URL);
  if (!dataSource.isInitialized) await dataSource.initialize();
  if (config.MIGRATIONS_RUN) await runMigrations(dataSource, { logger });
}
