import { waitFor } from '@chatpilot/testing';

import { startIngest, type IngestFixture } from './support/ingest-fixture';

describe('buffer expiry', () => {
  let ingest: IngestFixture;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'wi_expiry', env: { WEBHOOK_BUFFER_TTL: '1s', WEBHOOK_BUFFER_SWEEP_INTERVAL: '200ms' } });
  });
  afterAll(async () => ingest?.close());

  it('expires webhooks buffered longer than WEBHOOK_BUFFER_TTL, counts them, and never publishes them', async () => {
    const body = JSON.stringify({ id: 'expiring-1', event: 'channel_created', data: { id: 'expCH', client_id: 'expCL' } });
    expect((await ingest.post('/webhooks/360dialog', body)).status).toBe(200);
    expect((await ingest.rows())[0]).toMatchObject({ dedupe_key: 'expiring-1', status: 'buffered' });

    await waitFor(async () => (await ingest.rows())[0]?.status === 'expired', { description: 'the webhook to expire', timeoutMs: 20_000 });
    await waitFor(async () => (await ingest.metric('webhook_ingest_expired_total{event="channel_created"}')) === 1, { description: 'the expiry to be counted' });
    await waitFor(async () => (await ingest.metric('webhook_ingest_buffered_events')) === 0, { description: 'the buffer gauge to empty' });

    await ingest.link({ tenant_id: 'tenant-late', channel_id: 'expCH', client_id: 'expCL' });
    expect((await ingest.rows())[0]).toMatchObject({ status: 'expired', tenant_id: null });
    expect((await ingest.pool.query('SELECT 1 FROM outbox')).rowCount).toBe(0);
  });
});
