import { waitFor } from '@chatpilot/testing';

import { startIngest, type IngestFixture } from './support/ingest-fixture';
import { startSenderSandbox, type SenderSandbox } from './support/sandbox';

const SECRET = 'dedupe-platform-secret';

describe('deduplication', () => {
  let ingest: IngestFixture;
  let sandbox: SenderSandbox;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'wi_dedupe', env: { DIALOG360_WEBHOOK_SECRET: SECRET } });
    sandbox = await startSenderSandbox(`${ingest.url}/webhooks/360dialog`, { platformSecret: SECRET });
    await ingest.link({ tenant_id: 'tenant-dedupe', channel_id: 'dedupCH', client_id: 'dedupCL' });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await ingest?.close();
  });

  it('turns 50 concurrent identical deliveries into one row and one published event', async () => {
    const body = JSON.stringify({ id: 'dup-concurrent', event: 'channel_running', data: { id: 'dedupCH', client_id: 'dedupCL', status: 'running' } });
    const responses = await Promise.all(Array.from({ length: 50 }, () => ingest.post('/webhooks/360dialog', body, { secret: SECRET })));
    const answers = await Promise.all(responses.map(async (response) => ({ status: response.status, body: (await response.json()) as unknown })));

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.filter((answer) => answer.body !== null && (answer.body as { duplicate: boolean }).duplicate === false)).toHaveLength(1);
    const rows = (await ingest.rows()).filter((row) => row.dedupe_key === 'dup-concurrent');
    expect(rows).toEqual([expect.objectContaining({ status: 'published', tenant_id: 'tenant-dedupe' })]);

    await waitFor(() => ingest.bus.received.some((event) => webhookEventIdOf(event) === 'dup-concurrent'), { description: 'the published event' });
    await ingest.outboxDrained();
    const outbox = await ingest.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->'data'->>'webhook_event_id' = 'dup-concurrent'`);
    expect(outbox.rows[0].n).toBe(1);
    expect(ingest.bus.received.filter((event) => webhookEventIdOf(event) === 'dup-concurrent')).toHaveLength(1);
    expect(await ingest.metric('webhook_ingest_duplicates_total{event="channel_running"}')).toBe(49);
  });

  it('deduplicates a body without an id by its hash', async () => {
    const body = JSON.stringify({ event: 'channel_live', data: { id: 'dedupCH', status: 'live' } });
    const first = await ingest.post('/webhooks/360dialog', body, { secret: SECRET });
    const second = await ingest.post('/webhooks/360dialog', body, { secret: SECRET });
    expect([await first.json(), await second.json()]).toEqual([{ duplicate: false }, { duplicate: true }]);
    expect((await ingest.rows()).filter((row) => row.event === 'channel_live')).toEqual([
      expect.objectContaining({ dedupe_key: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }),
    ]);
  });

  it('keeps one WABA-level payload sent to two numbers’ URLs as two webhooks, and a retry to one of them as a duplicate', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba-dedup', changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }] }] });
    const answers = [];
    for (const channelId of ['dedupACH', 'dedupBCH', 'dedupACH']) {
      answers.push(await (await ingest.post(`/webhooks/360dialog/channels/${channelId}`, body, { secret: SECRET })).json());
    }
    expect(answers).toEqual([{ duplicate: false }, { duplicate: false }, { duplicate: true }]);
    const rows = (await ingest.rows()).filter((row) => row.event === 'account_update' && row.waba_account_id === 'waba-dedup');
    expect(rows.map((row) => row.channel_id).sort()).toEqual(['dedupACH', 'dedupBCH']);
  });

  it('stores each event once when the sandbox delivers every webhook twice', async () => {
    await sandbox.control.updateSettings({ webhookDelivery: { duplicateRate: 1 } });
    const { clientId } = await sandbox.control.onboard({ phoneNumbers: ['+4915166666666'] });
    const deliveries = await sandbox.settled();
    expect(deliveries).toHaveLength(4);
    expect(deliveries.every((delivery) => delivery.status === 'delivered')).toBe(true);
    const rows = (await ingest.rows()).filter((row) => row.client_id === clientId);
    expect(rows.map((row) => row.event)).toEqual(['client_created', 'channel_created']);
    expect(new Set(rows.map((row) => row.dedupe_key))).toEqual(new Set(deliveries.map((delivery) => delivery.eventId)));
  });
});

function webhookEventIdOf(event: { data: unknown }): unknown {
  return (event.data as { webhook_event_id?: unknown }).webhook_event_id;
}
