import fs from 'node:fs';
import { createMessagingApiClient, createPartnerApiClient, type PartnerApiClient } from '@chatpilot/d360-client';
import { databaseReadinessCheck, ensureDatabaseExists, runMigrations } from '@chatpilot/db';
import { createGrpcServer, type GrpcServer, type ServerTlsOptions } from '@chatpilot/grpc';
import { createHttpApp, startHttpServer, type RunningHttpServer } from '@chatpilot/http';
import type { Logger } from '@chatpilot/logger';
import {
  createAmqpTransport,
  createEventConsumer,
  createMessagingMetrics,
  createOutboxRelay,
  type MessageTransport,
} from '@chatpilot/messaging';
import { createBulkhead, registerBreakerGauge } from '@chatpilot/resilience';
import { createShutdownStack, type RunnableService } from '@chatpilot/runtime';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Clock, VaultDependencies } from './app/ports';
import { SERVICE_NAME, type VaultConfig } from './config';
import { createAuditTrail } from './db/audit-trail';
import { createVaultDataSource } from './db/vault-data-source';
import { createVaultStore } from './db/vault-store.repository';
import { channelWebhooksAdapter, partnerApiAdapter } from './d360/partner-api.adapter';
import { Keyring } from './domain/keyring';
import { VaultError } from './domain/vault-errors';
import { ignoresRegistryEvent, registryEventHandlers } from './events/registry-events.consumer';
import { credentialVaultHandlers } from './grpc/credential-vault.handlers';
import { auditRejectedCalls } from './grpc/rejected-calls';
import { CREDENTIAL_VAULT_SERVICE, credentialVaultDefinition, methodAllowList } from './grpc/credential-vault.service';
import { encryptionKeyCheck } from './health/encryption-key-check';
import { createServingStatusMonitor } from './health/serving-status-monitor';
import { createVaultMetrics, type VaultMetrics } from './metrics';

export interface VaultServiceOverrides {
  /** A DataSource the caller owns (not destroyed on stop); migrations still follow MIGRATIONS_RUN. */
  dataSource?: DataSource;
  /** A transport the caller owns, e.g. the in-memory one in single-process mode. */
  transport?: MessageTransport;
  /** Names the event queues; defaults to the service name. */
  consumerName?: string;
  clock?: Clock;
}

export interface VaultService extends RunnableService {
  /** Bound ports, known after start() (useful with port 0). */
  grpcPort(): number;
  httpPort(): number;
}

/** The composition root: every component of the vault, wired, started and stopped in order. */
export function buildService(config: VaultConfig, logger: Logger, overrides: VaultServiceOverrides = {}): VaultService {
  const registry = new Registry();
  const metrics = createVaultMetrics(registry);
  const messagingMetrics = createMessagingMetrics(registry);
  const dataSource = overrides.dataSource ?? createVaultDataSource({ url: config.databaseUrl, logger, poolSize: config.databasePoolSize });
  const transport = overrides.transport ?? createAmqpTransport({ url: config.amqpUrl, exchange: config.amqpExchange, logger, connectionName: SERVICE_NAME });
  const { deps, auditTrail, partnerClient, provisioning } = createDependencies(config, logger, dataSource, metrics, overrides.clock);
  registerBreakerGauge(registry, { '360dialog-partner-api': () => partnerClient.breakerState() });
  const relay = createOutboxRelay({ dataSource, transport, logger, metrics: messagingMetrics });
  const consumerName = overrides.consumerName ?? config.consumerName;
  const consumer = createEventConsumer({
    name: consumerName,
    transport,
    dataSource,
    handlers: registryEventHandlers(deps),
    ignores: ignoresRegistryEvent,
    logger,
    metrics: messagingMetrics,
  });
  const grpcServer = createGrpcServer({
    logger: accessLogger(logger, config),
    auth: { callers: config.callers, allow: methodAllowList(config.allowedCallers) },
    tls: serverTls(config),
    onRejected: auditRejectedCalls(deps),
    metricsRegistry: registry,
  });
  grpcServer.addService(credentialVaultDefinition(), credentialVaultHandlers(deps));
  const readinessChecks = [databaseReadinessCheck(dataSource), encryptionKeyCheck(deps.keyring)];
  const monitor = createServingStatusMonitor({ checks: readinessChecks, intervalMs: config.healthIntervalMs, logger, onChange: (serving) => reportServing(grpcServer, metrics, serving) });
  reportServing(grpcServer, metrics, false);
  const app = createHttpApp({ service: SERVICE_NAME, logger, metricsRegistry: registry, readinessChecks });
  const running = createShutdownStack();
  let grpcPort = 0;
  let http: RunningHttpServer | undefined;

  return {
    start: async () => {
      running.defer(() => partnerClient.close());
      if (!overrides.dataSource) running.defer(() => (dataSource.isInitialized ? dataSource.destroy() : undefined));
      await openDatabase(dataSource, config, logger);
      // Audit rows still queued when the gRPC server has stopped are written before the database closes.
      running.defer(() => auditTrail.drain());
      if (!overrides.transport) running.defer(() => transport.close());
      await transport.start();
      relay.start();
      running.defer(() => relay.stop());
      await consumer.start();
      running.defer(() => consumer.stop());
      await monitor.start();
      running.defer(() => monitor.stop());
      grpcPort = await grpcServer.start(`${config.grpc.host}:${config.grpc.port}`);
      running.defer(async () => {
        // A provisioning still waiting for its slot would call 360dialog while the vault stops:
        // it is refused (UNAVAILABLE, so onboarding asks again, another replica answers).
        provisioning.close(new VaultError('VAULT.SHUTTING_DOWN', 'the vault is stopping; call again'));
        await grpcServer.stop();
      });
      logger.info({ port: grpcPort, key_ids: deps.keyring.keyIds, current_key_id: deps.keyring.currentKeyId }, 'grpc server listening');
      const server = await startHttpServer(app, { port: config.http.port, host: config.http.host, logger });
      running.defer(() => server.close());
      http = server;
    },
    stop: () => running.unwind(),
    grpcPort: () => grpcPort,
    httpPort: () => http?.port ?? 0,
  };
}

const CONNECTIONS_KEPT_FROM_PROVISIONING = 6;

/** What the use cases run on: the store, the group-commit audit trail, the keyring and 360dialog. */
function createDependencies(config: VaultConfig, logger: Logger, dataSource: DataSource, metrics: VaultMetrics, clock: Clock | undefined) {
  const partnerClient = createPartnerClient(config, logger);
  // What the audited reads (4 batches in flight), the audit trail and one spare leave of the pool.
  // Under bench:onboarding a third of the default pool (3) made a fifth of provisionings wait ~100 ms.
  const provisioning = createBulkhead(Math.max(1, config.databasePoolSize - CONNECTIONS_KEPT_FROM_PROVISIONING));
  const countBatch = (path: string) => (size: number, failed: boolean) =>
    failed ? metrics.auditWriteFailures.inc({ path }, size) : metrics.auditBatchSize.observe({ path }, size);
  const auditTrail = createAuditTrail({ dataSource, onBatch: countBatch('audit_trail') });
  const deps: VaultDependencies = {
    store: createVaultStore(dataSource, { onReadBatch: countBatch('credential_reads') }),
    auditTrail,
    keyring: Keyring.create(config.encryptionKeys),
    partnerApi: partnerApiAdapter(partnerClient),
    webhooks: channelWebhooksAdapter(createMessagingApiClient({ timeoutMs: config.partnerApi.timeoutMs, logger })),
    channelWebhookUrlTemplate: config.channelWebhookUrlTemplate,
    provisioning,
    clock: clock ?? { now: () => new Date() },
    logger,
  };
  return { deps, auditTrail, partnerClient, provisioning };
}

/**
 * The gRPC server's logger. Its one-line-per-call access log (info) repeats what the audit table
 * records durably for every call, at a real cost on the hot path, so by default only rejected
 * calls (warn) reach the log; GRPC_ACCESS_LOG_LEVEL=info brings the lines back.
 */
function accessLogger(logger: Logger, config: VaultConfig): Logger {
  const levels = logger.levels.values;
  const level = (levels[config.grpc.accessLogLevel] ?? 0) > (levels[logger.level] ?? 0) ? config.grpc.accessLogLevel : logger.level;
  return logger.child({ component: 'grpc' }, { level });
}

function createPartnerClient(config: VaultConfig, logger: Logger): PartnerApiClient {
  const { baseUrl, partnerId, auth, timeoutMs, breakerResetMs } = config.partnerApi;
  return createPartnerApiClient({ baseUrl, partnerId, auth, timeoutMs, breaker: { resetTimeoutMs: breakerResetMs }, logger });
}

async function openDatabase(dataSource: DataSource, config: VaultConfig, logger: Logger): Promise<void> {
  if (!dataSource.isInitialized) {
    await ensureDatabaseExists(config.databaseUrl);
    await dataSource.initialize();
  }
  if (config.runMigrations) await runMigrations(dataSource, { logger });
}

function reportServing(grpcServer: GrpcServer, metrics: VaultMetrics, serving: boolean): void {
  const status = serving ? 'SERVING' : 'NOT_SERVING';
  grpcServer.health.setStatus('', status);
  grpcServer.health.setStatus(CREDENTIAL_VAULT_SERVICE, status);
  metrics.serving.set(serving ? 1 : 0);
}

function serverTls(config: VaultConfig): ServerTlsOptions | undefined {
  const tls = config.grpc.tls;
  if (!tls) return undefined;
  return {
    certChain: fs.readFileSync(tls.certFile),
    privateKey: fs.readFileSync(tls.keyFile),
    rootCert: fs.readFileSync(tls.caFile),
    requireClientCert: tls.requireClientCert,
  };
}
