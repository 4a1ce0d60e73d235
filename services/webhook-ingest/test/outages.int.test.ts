import { startFaultProxy, testInfrastructure, waitFor, type FaultProxy } from '@chatpilot/testing';

import { INTERNAL_KEY, startIngest, type IngestFixture } from './support/ingest-fixture';
import { startSenderSandbox, type SenderSandbox } from './support/sandbox';

const SECRET = 'outage-platform-secret';

function proxyFor(url: string): Promise<FaultProxy> {
  const target = new URL(url);
  return startFaultProxy({ host: target.hostname, port: Number(target.port) });
}

describe('database outage', () => {
  let proxy: FaultProxy;
  let ingest: IngestFixture;
  let sandbox: SenderSandbox;

  beforeAll(async () => {
    proxy = await proxyFor(testInfrastructure().databaseUrl);
    ingest = await startIngest({ label: 'wi_db_cut', env: { DIALOG360_WEBHOOK_SECRET: SECRET }, databaseUrlFor: (url) => proxy.rewriteUrl(url) });
    sandbox = await startSenderSandbox(`${ingest.url}/webhooks/360dialog`, {
      platformSecret: SECRET,
      settings: { webhookRetry: { maxAttempts: 30, baseDelayMs: 200, maxDelayMs: 1_000, timeoutMs: 10_000 } },
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await ingest?.close();
    await proxy?.close();
  });

  it('answers 503 with Retry-After, never 2xx, and stores the sender’s retries once when the database is back', async () => {
    proxy.cut();
    const direct = await ingest.post('/webhooks/360dialog', JSON.stringify({ id: 'during-cut', event: 'client_created', data: { id: 'cutCL' } }), { secret: SECRET });
    expect(direct.status).toBe(503);
    expect(direct.headers.get('retry-after')).toBe('1');
    expect(await direct.json()).toEqual({ error: { code: 'WEBHOOK.STORAGE_UNAVAILABLE', message: expect.any(String) } });
    expect((await fetch(`${ingest.url}/readyz`)).status).toBe(503);
    const read = await fetch(`${ingest.url}/internal/webhook-events/during-cut`, { headers: { 'x-internal-key': INTERNAL_KEY } });
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('1');
    expect(await read.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } });

    const { clientId } = await sandbox.control.onboard({ phoneNumbers: ['+4915177777777'] });
    await waitFor(
      async () => {
        const deliveries = await sandbox.control.webhooks();
        return deliveries.length === 2 && deliveries.every((delivery) => delivery.attempts.some((attempt) => attempt.statusCode === 503));
      },
      { description: 'both webhooks to be refused with 503 at least once', timeoutMs: 30_000 },
    );
    proxy.resume();

    const deliveries = await sandbox.settled({ timeoutMs: 45_000 });
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['delivered', 'delivered']);
    const statuses = deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.statusCode));
    expect(statuses.every((status) => status === 503 || status === 200)).toBe(true);
    const rows = await ingest.rows();
    expect(rows.map((row) => [row.event, row.client_id])).toEqual([
      ['client_created', clientId],
      ['channel_created', clientId],
    ]);
    expect(new Set(rows.map((row) => row.dedupe_key))).toEqual(new Set(deliveries.map((delivery) => delivery.eventId)));
    await waitFor(async () => (await fetch(`${ingest.url}/readyz`)).status === 200, { description: 'readiness to return' });
    expect(await ingest.metric('webhook_ingest_storage_unavailable_total')).toBeGreaterThanOrEqual(3);
  });
});

describe('broker outage', () => {
  let proxy: FaultProxy;
  let ingest: IngestFixture;

  beforeAll(async () => {
    proxy = await proxyFor(testInfrastructure().amqpUrl);
    ingest = await startIngest({ label: 'wi_broker_cut', env: { DIALOG360_WEBHOOK_SECRET: SECRET }, amqpUrlFor: (url) => proxy.rewriteUrl(url) });
    await ingest.link({ tenant_id: 'tenant-broker', channel_id: 'brokerCH', client_id: 'brokerCL' });
  });
  afterAll(async () => {
    await ingest?.close();
    await proxy?.close();
  });

  it('keeps acknowledging while RabbitMQ is unreachable and publishes everything once the link returns', async () => {
    proxy.cut();
    const ids = Array.from({ length: 25 }, (_, index) => `broker-cut-${index}`);
    const responses = await Promise.all(
      ids.map((id) => ingest.post('/webhooks/360dialog', JSON.stringify({ id, event: 'channel_live', data: { id: 'brokerCH' } }), { secret: SECRET })),
    );
    expect(responses.map((response) => response.status)).toEqual(ids.map(() => 200));
    expect((await fetch(`${ingest.url}/readyz`)).status).toBe(200);
    const pending = await ingest.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    expect(pending.rows[0].n).toBe(ids.length);

    proxy.resume();
    await waitFor(() => ids.every((id) => ingest.bus.received.some((event) => webhookEventIdOf(event) === id)), {
      description: 'every event to be published after the broker link returns',
      timeoutMs: 45_000,
    });
    await ingest.outboxDrained();
    const published = ingest.bus.received.map(webhookEventIdOf).filter((id) => ids.includes(id as string));
    expect(new Set(published)).toEqual(new Set(ids));
    expect(ingest.bus.received.every((event) => event.tenant_id === 'tenant-broker')).toBe(true);
  });
});

function webhookEventIdOf(event: { data: unknown }): unknown {
  return (event.data as { webhook_event_id?: unknown }).webhook_event_id;
}
