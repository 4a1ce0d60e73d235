import { createSandbox, type Sandbox, SandboxControlClient, type SandboxInfo } from '@chatpilot/d360-sandbox';
import { createGrpcClient, type GrpcClient, hashToken } from '@chatpilot/grpc';
import { createLogger, type Logger } from '@chatpilot/logger';
import { consumerQueueNames, DEFAULT_RETRY_DELAYS_MS } from '@chatpilot/messaging';
import { type AmqpNamespace, createAmqpNamespace, createTestDatabase, type TestDatabase } from '@chatpilot/testing';
import { Client } from 'pg';

import { loadConfig } from '../../src/config';
import { type ChannelRegistryClient, loadRegistryService } from '../../src/grpc/registry-proto';
import { buildService, type RegistryService } from '../../src/service';
import { type BusObserver, observeBus } from './bus-observer';
import { createEventPublisher, type EventPublisher } from './event-publisher';
import { startWebhookRelay, type WebhookRelay } from './webhook-relay';

export const INTERNAL_KEY = 'registry-internal-test-key';
export const TOKENS = {
  onboarding: 'onboarding-registry-token-1f3e',
  webhookIngest: 'webhook-ingest-registry-token-9a0c',
  analytics: 'analytics-registry-token-77d2',
};

export interface RegistryFixtureOptions {
  /** Runs a sandbox whose Partner API the reconciler reads and whose webhooks reach the bus. */
  sandbox?: boolean;
  /** Extra environment for the service (reconciler timings, ...). */
  env?: Record<string, string>;
  /** Changes the database URL the service gets, e.g. to go through a fault proxy. */
  rewriteDatabaseUrl?: (url: string) => string;
  /** Changes the AMQP URL the service gets (not the test's own publisher and observer). */
  rewriteAmqpUrl?: (url: string) => string;
}

export interface RunningSandbox {
  url: string;
  info: SandboxInfo;
  control: SandboxControlClient;
}

export interface RegistryFixture {
  service: RegistryService;
  /** The registry's own database, for assertions on rows and the outbox. */
  sql<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]>;
  grpc(caller: keyof typeof TOKENS): GrpcClient<ChannelRegistryClient>;
  httpUrl: string;
  publisher: EventPublisher;
  /** Every `registry.*` event the service published. */
  bus: BusObserver;
  sandbox: RunningSandbox | undefined;
  /** The sum of a metric's lines on /metrics that carry these labels (0 when absent). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

const RegistryService = loadRegistryService();

/** A throwaway database and AMQP namespace, the real service on loopback ports, and cleanup. */
export async function startRegistry(label: string, options: RegistryFixtureOptions = {}): Promise<RegistryFixture> {
  const logger = createLogger({ service: `registry-test-${label}`, level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const closers: (() => Promise<void> | void)[] = [];
  const close = async (): Promise<void> => {
    while (closers.length > 0) await closers.pop()!();
  };
  try {
    const database = await createTestDatabase(label);
    closers.push(() => database.drop());
    const namespace = await createAmqpNamespace(label);
    closers.push(() => namespace.cleanup());
    const exchange = namespace.name('events');
    const bus = await observeBus({ url: namespace.url, exchange, queue: namespace.name('observer'), bindingKey: 'registry.#' });
    closers.push(() => bus.close());
    const publisher = await createEventPublisher({ url: namespace.url, exchange, logger });
    closers.push(() => publisher.close());
    const sandbox = options.sandbox ? await startSandbox(publisher, closers) : undefined;
    const databaseUrl = options.rewriteDatabaseUrl?.(database.url) ?? database.url;
    const amqpUrl = options.rewriteAmqpUrl?.(namespace.url) ?? namespace.url;
    const service = await startService({ databaseUrl, amqpUrl, namespace, exchange, sandbox: sandbox?.info, env: options.env ?? {}, logger });
    closers.push(() => service.stop());
    return fixtureOf({ service, database, publisher, bus, sandbox, closers, close });
  } catch (error) {
    await close();
    throw error;
  }
}

async function startSandbox(publisher: EventPublisher, closers: (() => Promise<void> | void)[]): Promise<RunningSandbox> {
  const relay: WebhookRelay = await startWebhookRelay(publisher);
  closers.push(() => relay.close());
  const sandbox: Sandbox = createSandbox({
    statusSchedule: 'manual',
    webhookUrl: relay.url,
    settings: { webhookRetry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2_000 }, coexistenceSync: 'manual' },
  });
  const { url } = await sandbox.start(0, '127.0.0.1');
  closers.push(() => sandbox.stop());
  const control = new SandboxControlClient(url);
  return { url, control, info: await control.info() };
}

interface ServiceSetup {
  databaseUrl: string;
  amqpUrl: string;
  namespace: AmqpNamespace;
  exchange: string;
  sandbox: SandboxInfo | undefined;
  env: Record<string, string>;
  logger: Logger;
}

async function startService(setup: ServiceSetup): Promise<RegistryService> {
  const consumerName = setup.namespace.name('channel-registry');
  // The namespace deletes only names it handed out; the consumer's derived queues are claimed too.
  for (const queue of consumerQueueNames(consumerName, DEFAULT_RETRY_DELAYS_MS)) setup.namespace.name(queue.slice(setup.namespace.prefix.length + 1));
  const partner = setup.sandbox
    ? { DIALOG360_PARTNER_API_URL: setup.sandbox.urls.partnerApi, DIALOG360_PARTNER_ID: setup.sandbox.partnerId, DIALOG360_PARTNER_API_KEY: setup.sandbox.credentials.partnerApiKey }
    : { RECONCILER_ENABLED: 'false' };
  const config = loadConfig({
    DATABASE_URL: setup.databaseUrl,
    AMQP_URL: setup.amqpUrl,
    AMQP_EXCHANGE: setup.exchange,
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    INTERNAL_API_KEYS: INTERNAL_KEY,
    REGISTRY_CALLERS: `onboarding:${hashToken(TOKENS.onboarding)},webhook-ingest:${hashToken(TOKENS.webhookIngest)},analytics:${hashToken(TOKENS.analytics)}`,
    ...partner,
    ...setup.env,
  });
  const service = buildService(config, setup.logger, { consumerName });
  try {
    await service.start();
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

function fixtureOf(parts: {
  service: RegistryService;
  database: TestDatabase;
  publisher: EventPublisher;
  bus: BusObserver;
  sandbox: RunningSandbox | undefined;
  closers: (() => Promise<void> | void)[];
  close: () => Promise<void>;
}): RegistryFixture {
  const { service, database, closers } = parts;
  const { http, grpc } = service.ports();
  const httpUrl = `http://127.0.0.1:${http}`;
  const clients = new Map<keyof typeof TOKENS, GrpcClient<ChannelRegistryClient>>();
  // Runs before the service stops (closers run in reverse).
  closers.push(() => clients.forEach((client) => client.close()));
  return {
    service,
    httpUrl,
    publisher: parts.publisher,
    bus: parts.bus,
    sandbox: parts.sandbox,
    sql: (text, values) => query(database.url, text, values),
    grpc: (caller) => {
      const existing = clients.get(caller);
      if (existing) return existing;
      const client = createGrpcClient(RegistryService, { address: `127.0.0.1:${grpc}`, token: TOKENS[caller], deadlineMs: 10_000 });
      clients.set(caller, client);
      return client;
    },
    metric: async (name, labels = {}) => metricValue(await (await fetch(`${httpUrl}/metrics`)).text(), name, labels),
    close: parts.close,
  };
}

async function query<Row>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

function metricValue(exposition: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return exposition
    .split('\n')
    .filter((line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
