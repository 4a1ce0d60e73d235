import { readFileSync } from 'node:fs';

import { createDataSource, databaseReadinessCheck, ensureDatabaseExists, isDatabaseUnreachable, runMigrations } from '@chatpilot/db';
import type { ClientTlsOptions } from '@chatpilot/grpc';
import { createHttpApp, startHttpServer, type HttpApp } from '@chatpilot/http';
import type { Logger } from '@chatpilot/logger';
import { createAmqpTransport, createEventConsumer, createMessagingMetrics, createOutboxRelay, type MessageTransport } from '@chatpilot/messaging';
import { registerBreakerGauge } from '@chatpilot/resilience';
import { createShutdownStack, type RunnableService } from '@chatpilot/runtime';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

import { logTransitions } from './app/log-transitions';
import type { TransactionRunner } from './app/ports';
import type { SagaDeps } from './app/saga-deps';
import { SERVICE_NAME, type OnboardingConfig } from './config';
import { ONBOARDING_ENTITIES } from './db/entities';
import { ONBOARDING_MIGRATIONS } from './db/migrations';
import { createOnboardingStore, createTransactionRunner } from './db/onboarding-store';
import { ignoresOnboardingEvent, onboardingEventHandlers } from './events/onboarding-events.consumer';
import { createChannelRegistryGateway, type GatewayOptions } from './grpc/channel-registry.gateway';
import { createCredentialVaultGateway } from './grpc/credential-vault.gateway';
import { onboardingRoutes, type OnboardingRouteDeps } from './http/routes';
import { createSessionStreams, type SessionStreams } from './http/session-streams';
import { createSessionSweeper } from './jobs/session-sweeper';
import { createSessionMetrics, registerOpenStreamsGauge } from './metrics';

export interface ServiceOverrides {
  /** Used as given and not destroyed on stop (its creator owns it); migrated when MIGRATIONS_RUN. */
  dataSource?: DataSource;
  /** Used as given and not closed on stop (e.g. the in-memory transport of the single-process mode). */
  transport?: MessageTransport;
  /** Names the consumer's queues and inbox rows (default `onboarding`); tests pass a unique one. */
  consumerName?: string;
}

export interface OnboardingService extends RunnableService {
  /** The bound HTTP port, known once started (HTTP_PORT=0 picks a free one). */
  httpPort(): number;
}

const SWEEP_BATCH_SIZE = 100;
// Saga steps call the registry and the vault inside their inbox transaction: batching them with
// other tenants' events would queue those behind the remote calls, so a batch only holds one
// tenant's events (a tenant's events wait for each other anyway), and more batches run side by
// side, each holding a pooled connection for its whole length, so some connections always stay
// free for the HTTP routes, the relay and the sweeper. A tenant's events that queued up behind
// its saga step (status changes, history progress) then share one transaction instead of taking
// one each: under load that cut callback → completed p50 by about a fifth (bench:onboarding).
// Every other connection of the pool runs a batch: the batches bound how many tenants' sagas move
// at once, and a tenant without one waits whole, so DATABASE_POOL_SIZE is sized for the onboardings
// a replica runs side by side (the former cap of 12 left 8 of 20 concurrent tenants without one).
// The prefetch is ample because one tenant's events wait for each other while holding their
// slots, and must not hold back the other tenants'.
const CONSUMER_PREFETCH = 128;
const CONSUMER_BATCH_SIZE = 16;
const CONNECTIONS_KEPT_FROM_CONSUMER = 4;

/** The composition root: every dependency of onboarding is created and wired here. */
export function buildService(config: OnboardingConfig, logger: Logger, overrides: ServiceOverrides = {}): OnboardingService {
  const metricsRegistry = new Registry();
  const messagingMetrics = createMessagingMetrics(metricsRegistry);
  const dataSource = overrides.dataSource ?? databaseFor(config, logger);
  const transport = overrides.transport ?? createAmqpTransport({ url: config.AMQP_URL, exchange: config.AMQP_EXCHANGE, logger, connectionName: SERVICE_NAME });
  const runner = createTransactionRunner(dataSource, logger);
  const metrics = logTransitions(createSessionMetrics(metricsRegistry, runner.reader.sessions), logger.child({ component: 'session' }));
  const gatewayOptions = gatewayOptionsFor(config);
  const registry = createChannelRegistryGateway({ ...gatewayOptions, address: config.CHANNEL_REGISTRY_ADDRESS, token: config.CHANNEL_REGISTRY_TOKEN });
  const vault = createCredentialVaultGateway({ ...gatewayOptions, address: config.CREDENTIAL_VAULT_ADDRESS, token: config.CREDENTIAL_VAULT_TOKEN });
  registerBreakerGauge(metricsRegistry, {
    'channel-registry': () => (registry.isAvailable() ? 'closed' : 'open'),
    'credential-vault': () => (vault.isAvailable() ? 'closed' : 'open'),
  });
  const saga: SagaDeps = {
    registry,
    vault,
    clock: { now: () => new Date() },
    metrics,
    logger,
    settings: { activationTimeoutMs: config.ACTIVATION_TIMEOUT_SECONDS * 1000, maxChannelsPerTenant: config.MAX_CHANNELS_PER_TENANT },
  };

  const relay = createOutboxRelay({ dataSource, transport, logger, metrics: messagingMetrics });
  const consumer = createEventConsumer({
    name: overrides.consumerName ?? config.EVENT_CONSUMER_NAME,
    transport,
    dataSource,
    handlers: onboardingEventHandlers({ ...saga, storeFor: createOnboardingStore }),
    ignores: ignoresOnboardingEvent,
    logger,
    metrics: messagingMetrics,
    prefetch: CONSUMER_PREFETCH,
    maxBatchSize: CONSUMER_BATCH_SIZE,
    batchBy: 'key',
    // A batch's handlers lock sessions and channels in no one order; replicas (the autoscaler keeps two) must take turns.
    lockKeysAcrossReplicas: true,
    // Each saga step starts as the previous one commits, not a relay and broker round trip later.
    handleOwnCommits: true,
    maxConcurrentBatches: Math.max(1, config.DATABASE_POOL_SIZE - CONNECTIONS_KEPT_FROM_CONSUMER),
    retryDelaysMs: config.EVENT_RETRY_DELAYS_MS,
    maxAttempts: config.EVENT_MAX_ATTEMPTS,
  });
  const sweeper = createSessionSweeper(
    { ...saga, runner, sweep: { stallMs: config.STALLED_STEP_MS, batchSize: SWEEP_BATCH_SIZE } },
    { intervalMs: config.SWEEP_INTERVAL_MS, logger },
  );
  const streams = createSessionStreams({ runner, pollIntervalMs: config.SSE_POLL_INTERVAL_MS, heartbeatMs: config.SSE_HEARTBEAT_MS });
  registerOpenStreamsGauge(metricsRegistry, streams);
  const httpApp = createHttpApp({
    service: SERVICE_NAME,
    logger,
    metricsRegistry,
    readinessChecks: [databaseReadinessCheck(dataSource)],
    unavailable: { when: isDatabaseUnreachable },
    routes: onboardingRoutes(routeDepsFor(config, { ...saga, runner, streams })),
  });

  return lifecycle({ config, logger, overrides, dataSource, transport, relay, consumer, sweeper, streams, httpApp, gateways: [registry, vault] });
}

function routeDepsFor(config: OnboardingConfig, deps: SagaDeps & { runner: TransactionRunner; streams: SessionStreams }): OnboardingRouteDeps {
  const { runner, registry, vault, clock, metrics, logger } = deps;
  return {
    internalApiKeys: config.INTERNAL_API_KEYS,
    frontendBaseUrl: config.FRONTEND_BASE_URL,
    runner,
    streams: deps.streams,
    callback: { runner, clock, metrics, logger },
    start: {
      runner,
      registry,
      clock,
      metrics,
      logger,
      settings: {
        permissionPageUrl: config.permissionPageUrl,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        stateTtlMs: config.ONBOARDING_STATE_TTL_SECONDS * 1000,
        maxChannelsPerTenant: config.MAX_CHANNELS_PER_TENANT,
      },
    },
    eligibility: {
      runner,
      registry,
      vault,
      logger,
      settings: { configured: config.permissionPageUrl !== undefined, maxChannelsPerTenant: config.MAX_CHANNELS_PER_TENANT },
    },
  };
}

function databaseFor(config: OnboardingConfig, logger: Logger): DataSource {
  return createDataSource({
    url: config.DATABASE_URL,
    entities: ONBOARDING_ENTITIES,
    migrations: ONBOARDING_MIGRATIONS,
    logger,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: SERVICE_NAME,
  });
}

function gatewayOptionsFor(config: OnboardingConfig): Omit<GatewayOptions, 'address' | 'token'> {
  return { deadlineMs: config.GRPC_DEADLINE_MS, breakerResetMs: config.GRPC_BREAKER_RESET_MS, ...tlsFor(config) };
}

function tlsFor(config: OnboardingConfig): { tls?: ClientTlsOptions } {
  if (config.GRPC_TLS_CA_FILE === undefined) return {};
  const clientCertificate =
    config.GRPC_TLS_CERT_FILE !== undefined && config.GRPC_TLS_KEY_FILE !== undefined
      ? { certChain: readFileSync(config.GRPC_TLS_CERT_FILE), privateKey: readFileSync(config.GRPC_TLS_KEY_FILE) }
      : {};
  return { tls: { rootCert: readFileSync(config.GRPC_TLS_CA_FILE), ...clientCertificate } };
}

interface Parts {
  config: OnboardingConfig;
  logger: Logger;
  overrides: ServiceOverrides;
  dataSource: DataSource;
  transport: MessageTransport;
  relay: { start(): void; stop(): Promise<void> };
  consumer: { start(): Promise<void>; stop(): Promise<void> };
  sweeper: { start(): void; stop(): Promise<void> };
  streams: { closeAll(): void };
  httpApp: HttpApp;
  gateways: { close(): void }[];
}

/** Starts in dependency order and stops in reverse (HTTP → sweeper → consumer → relay → broker → gRPC clients → database). */
function lifecycle(parts: Parts): OnboardingService {
  const running = createShutdownStack();
  let boundPort: number | undefined;
  return {
    start: async () => {
      if (!parts.overrides.dataSource) running.defer(() => (parts.dataSource.isInitialized ? parts.dataSource.destroy() : undefined));
      running.defer(() => parts.gateways.forEach((gateway) => gateway.close()));
      await openDatabase(parts);
      if (!parts.overrides.transport) running.defer(() => parts.transport.close());
      await parts.transport.start();
      parts.relay.start();
      running.defer(() => parts.relay.stop());
      await parts.consumer.start();
      running.defer(() => parts.consumer.stop());
      parts.sweeper.start();
      running.defer(() => parts.sweeper.stop());
      const http = await startHttpServer(parts.httpApp, { port: parts.config.HTTP_PORT, host: parts.config.HTTP_HOST, logger: parts.logger });
      running.defer(() => {
        // Event streams never finish by themselves; ending them lets the server drain.
        parts.streams.closeAll();
        return http.close();
      });
      boundPort = http.port;
    },
    stop: () => running.unwind(),
    httpPort: () => {
      if (boundPort === undefined) throw new Error('onboarding is not started');
      return boundPort;
    },
  };
}

async function openDatabase({ config, logger, overrides, dataSource }: Parts): Promise<void> {
  if (!overrides.dataSource) await ensureDatabaseExists(config.DATABASE_URL);
  if (!dataSource.isInitialized) await dataSource.initialize();
  if (config.MIGRATIONS_RUN) await runMigrations(dataSource, { logger });
}
