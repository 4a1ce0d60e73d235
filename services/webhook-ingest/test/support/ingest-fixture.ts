import { createEvent, type EventEnvelope } from '@chatpilot/contracts';
import { createLogger } from '@chatpilot/logger';
import { consumerQueueNames, DEFAULT_RETRY_DELAYS_MS } from '@chatpilot/messaging';
import { createAmqpNamespace, createTestDatabase, testInfrastructure, waitFor, type AmqpNamespace, type TestDatabase } from '@chatpilot/testing';
import { Pool } from 'pg';

import { loadConfig } from '../../src/config';
import { signWebhookBody } from '../../src/domain/webhook-signature';
import { buildService, type WebhookIngestService } from '../../src/service';
import { startBusProbe, type BusProbe } from './bus-probe';

export const INTERNAL_KEY = 'test-internal-key';

export interface IngestFixtureOptions {
  label: string;
  /** Extra or overriding environment for the service. */
  env?: Record<string, string>;
  /** Lets a test route the service's database or broker link through a fault proxy. */
  databaseUrlFor?: (url: string) => string;
  amqpUrlFor?: (url: string) => string;
}

export interface PostOptions {
  /** Signs the exact bytes with this secret (default: none). */
  secret?: string;
  headers?: Record<string, string>;
}

export interface WebhookRow {
  dedupe_key: string;
  event: string;
  source: string;
  status: string;
  tenant_id: string | null;
  channel_id: string | null;
  client_id: string | null;
  waba_account_id: string | null;
  phone_number: string | null;
}

export interface IngestFixture {
  url: string;
  service: WebhookIngestService;
  database: TestDatabase;
  /** A direct pool on the test database, for assertions. */
  pool: Pool;
  bus: BusProbe;
  post(path: string, body: string | Buffer, options?: PostOptions): Promise<Response>;
  rows(): Promise<WebhookRow[]>;
  /** Publishes `registry.channel.linked` and waits until the projection has it. */
  link(data: { tenant_id: string; channel_id: string; client_id: string; waba_account_id?: string; phone_number?: string }): Promise<EventEnvelope>;
  /** Resolves once every outbox row is published (the relay is idle). */
  outboxDrained(): Promise<void>;
  metric(name: string): Promise<number>;
  close(): Promise<void>;
}

/** webhook-ingest on a throwaway database and AMQP namespace, plus a probe on its exchange. */
export async function startIngest(options: IngestFixtureOptions): Promise<IngestFixture> {
  const database = await createTestDatabase(options.label);
  const namespace = await createAmqpNamespace(options.label);
  const consumerName = namespace.name('webhook-ingest');
  claimConsumerQueues(namespace, consumerName);
  const exchange = namespace.name('events');
  const amqpUrl = testInfrastructure().amqpUrl;
  const config = loadConfig({
    DATABASE_URL: options.databaseUrlFor?.(database.url) ?? database.url,
    AMQP_URL: options.amqpUrlFor?.(amqpUrl) ?? amqpUrl,
    AMQP_EXCHANGE: exchange,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    INTERNAL_API_KEYS: INTERNAL_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WEBHOOK_BUFFER_SWEEP_INTERVAL: '200ms',
    WEBHOOK_RETRY_AFTER_SECONDS: '1',
    WEBHOOK_STORE_TIMEOUT: '5s',
    ...options.env,
  });
  const service = buildService(config, createLogger({ service: 'webhook-ingest', level: config.LOG_LEVEL }), { consumerName });
  await service.start();
  const url = `http://127.0.0.1:${service.httpPort()}`;
  const pool = new Pool({ connectionString: database.url, max: 3 });
  // An idle connection the server drops is replaced on the next query; unheard, its error would crash the test file.
  pool.on('error', () => undefined);
  const bus = await startBusProbe(amqpUrl, exchange, namespace.name('observer'));

  return {
    url,
    service,
    database,
    pool,
    bus,
    post: (path, body, postOptions = {}) => {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (postOptions.secret !== undefined) headers['x-360dialog-signature'] = signWebhookBody(bytes, postOptions.secret);
      return fetch(`${url}${path}`, { method: 'POST', headers: { ...headers, ...postOptions.headers }, body: bytes });
    },
    rows: async () =>
      (
        await pool.query<WebhookRow>(
          `SELECT dedupe_key, event, source, status, tenant_id, channel_id, client_id, waba_account_id, phone_number
             FROM onboarding_webhook_events ORDER BY seq`,
        )
      ).rows,
    link: async (data) => {
      const event = createEvent('registry.channel.linked', data, { source: 'channel-registry', tenantId: data.tenant_id });
      await bus.publish(event);
      await waitFor(async () => (await pool.query('SELECT 1 FROM inbox WHERE event_id = $1', [event.id])).rowCount === 1, {
        description: `the link of ${data.channel_id} to be processed`,
      });
      return event;
    },
    outboxDrained: () =>
      waitFor(async () => (await pool.query('SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT 1')).rowCount === 0, {
        description: 'the outbox to drain',
        timeoutMs: 30_000,
      }).then(() => undefined),
    metric: async (name) => metricValue(await (await fetch(`${url}/metrics`)).text(), name),
    close: async () => {
      await service.stop();
      await bus.close();
      await pool.end();
      await database.drop();
      await namespace.cleanup();
    },
  };
}

/** The value of one sample line, e.g. `webhook_ingest_expired_total{event="channel_created"}`; 0 when absent. */
export function metricValue(exposition: string, sample: string): number {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.slice(sample.length + 1));
}

/** Registers the consumer's derived queue names so the namespace cleanup deletes them too. */
function claimConsumerQueues(namespace: AmqpNamespace, consumer: string): void {
  for (const queue of consumerQueueNames(consumer, DEFAULT_RETRY_DELAYS_MS)) {
    if (queue !== consumer) namespace.name(queue.slice(namespace.prefix.length + 1));
  }
}
