import { randomUUID } from 'node:crypto';

import { waitFor } from '@chatpilot/testing';

import { BUFFER_LOCK_SPACE, bufferLockSlots } from '../src/db/schema';

import { INTERNAL_KEY, startIngest, type IngestFixture } from './support/ingest-fixture';
import { startSenderSandbox, type SenderSandbox } from './support/sandbox';

const SECRET = 'buffering-platform-secret';

describe('buffer until linked', () => {
  let ingest: IngestFixture;
  let sandbox: SenderSandbox;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'wi_buffer', env: { DIALOG360_WEBHOOK_SECRET: SECRET } });
    sandbox = await startSenderSandbox(`${ingest.url}/webhooks/360dialog`, { platformSecret: SECRET });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await ingest?.close();
  });
  beforeEach(async () => {
    await sandbox.control.reset();
    ingest.bus.received.length = 0;
  });

  it('buffers webhooks that arrive before the link and publishes them once, in arrival order, when it comes', async () => {
    const { clientId, channelIds } = await sandbox.control.onboard({ phoneNumbers: ['+4915144444444'], coexistence: false });
    const channelId = channelIds[0]!;
    await sandbox.control.setChannelStatus(channelId, 'submitted');
    await sandbox.control.setChannelStatus(channelId, 'ready');
    await sandbox.settled();
    const early = ['client_created', 'channel_created', 'channel_submitted', 'channel_ready'];
    expect((await ingest.rows()).map((row) => [row.event, row.status])).toEqual(early.map((event) => [event, 'buffered']));
    expect((await ingest.pool.query('SELECT 1 FROM outbox')).rowCount).toBe(0);
    await waitFor(async () => (await ingest.metric('webhook_ingest_buffered_events')) === early.length, { description: 'the buffer gauge' });
    expect(await ingest.metric('webhook_ingest_oldest_buffered_age_seconds')).toBeGreaterThan(0);

    await ingest.link({ tenant_id: 'tenant-buffer', channel_id: channelId, client_id: clientId });
    await waitFor(() => ingest.bus.received.length >= early.length, { description: 'the released events' });
    expect(ingest.bus.received.map((event) => event.type)).toEqual(early.map((event) => `d360.${event}`));
    expect(ingest.bus.received.every((event) => event.tenant_id === 'tenant-buffer')).toBe(true);
    expect((await ingest.rows()).every((row) => row.status === 'published' && row.tenant_id === 'tenant-buffer')).toBe(true);

    await sandbox.control.setChannelStatus(channelId, 'running');
    await waitFor(() => ingest.bus.received.length === early.length + 1, { description: 'channel_running, published at once' });
    expect(ingest.bus.received.at(-1)).toMatchObject({ type: 'd360.channel_running', tenant_id: 'tenant-buffer', data: { channel_id: channelId } });

    // A second link of the same channel finds nothing left to release.
    await ingest.link({ tenant_id: 'tenant-buffer', channel_id: channelId, client_id: clientId });
    await ingest.outboxDrained();
    expect((await ingest.pool.query('SELECT 1 FROM outbox')).rowCount).toBe(early.length + 1);
    expect(ingest.bus.received).toHaveLength(early.length + 1);
    expect(await ingest.metric('webhook_ingest_released_total')).toBeGreaterThanOrEqual(early.length);
  });

  it('publishes coexistence history as progress only, matched by the WABA learned from channel_created; the payload stays readable', async () => {
    await sandbox.control.updateSettings({ history: { chunksPerPhase: 1, messagesPerChunk: 2, contacts: 2 } });
    const { clientId, channelIds } = await sandbox.control.onboard({ phoneNumbers: ['+4915155555555'], coexistence: true, shareHistory: true });
    const channelId = channelIds[0]!;
    await sandbox.settled();
    await ingest.link({ tenant_id: 'tenant-history', channel_id: channelId, client_id: clientId });
    await sandbox.control.startCoexistenceSync(channelId);
    await waitFor(() => ingest.bus.received.filter((event) => event.type === 'd360.history').length === 3, { description: 'three history chunks' });

    const history = ingest.bus.received.filter((event) => event.type === 'd360.history');
    expect(history.map((event) => event.data)).toEqual(
      [0, 1, 2].map((phase) =>
        expect.objectContaining({ event: 'history', waba_account_id: expect.any(String), payload: { phase, chunk_order: 1, progress: expect.any(Number), message_count: 2 } }),
      ),
    );
    expect(history.every((event) => event.tenant_id === 'tenant-history')).toBe(true);
    await waitFor(() => ingest.bus.received.some((event) => event.type === 'd360.smb_app_state_sync'), { description: 'the contacts sync' });

    const webhookEventId = (history[0]!.data as { webhook_event_id: string }).webhook_event_id;
    const stored = await fetch(`${ingest.url}/internal/webhook-events/${encodeURIComponent(webhookEventId)}`, { headers: { 'x-internal-key': INTERNAL_KEY } });
    expect(stored.status).toBe(200);
    const body = (await stored.json()) as { status: string; tenant_id: string; payload: { event: string; data: { history: { threads: { messages: unknown[] }[] }[] } } };
    expect(body).toMatchObject({ webhook_event_id: webhookEventId, event: 'history', status: 'published', tenant_id: 'tenant-history' });
    expect(body.payload.data.history[0]!.threads[0]!.messages).toHaveLength(2);

    const unauthenticated = await fetch(`${ingest.url}/internal/webhook-events/${encodeURIComponent(webhookEventId)}`);
    expect(unauthenticated.status).toBe(401);
    const unknown = await fetch(`${ingest.url}/internal/webhook-events/no-such-event`, { headers: { 'x-internal-key': INTERNAL_KEY } });
    expect(unknown.status).toBe(404);
  });

  it('releases a history chunk buffered before the channel named its WABA, once a later webhook does', async () => {
    await ingest.link({ tenant_id: 'tenant-late', channel_id: 'lateCH', client_id: 'lateCL' });
    const history = {
      id: 'late-history-1',
      event: 'history',
      data: { id: 'lateWABA', metadata: { display_phone_number: '4915199999999', phone_number_id: 'pn' }, history: [{ metadata: { phase: 0, chunk_order: 1, progress: 100 }, threads: [] }] },
    };
    expect((await ingest.post('/webhooks/360dialog', JSON.stringify(history), { secret: SECRET })).status).toBe(200);
    expect((await ingest.rows()).find((row) => row.dedupe_key === 'late-history-1')?.status).toBe('buffered');

    const running = { id: 'late-running-1', event: 'channel_running', data: { id: 'lateCH', client_id: 'lateCL', waba_account: { id: 'lateWABA' } } };
    expect((await ingest.post('/webhooks/360dialog', JSON.stringify(running), { secret: SECRET })).status).toBe(200);
    await waitFor(async () => (await ingest.rows()).find((row) => row.dedupe_key === 'late-history-1')?.status === 'published', {
      description: 'the reconciliation to release the history chunk',
    });
    await waitFor(() => ingest.bus.received.some((event) => event.type === 'd360.history' && event.tenant_id === 'tenant-late'), { description: 'the released chunk' });
  });

  it('lets an ingest transaction still storing a webhook under a reference the reconciliation learns finish first, so its webhook is not overtaken', async () => {
    await ingest.link({ tenant_id: 'tenant-race', channel_id: 'raceCH', client_id: 'raceCL' });
    const chunk = (order: number) => ({ phase: 0, chunk_order: order, progress: order * 50, message_count: 0 });
    const inFlight = await ingest.pool.connect();
    try {
      // An ingest transaction that has taken its webhook's slots and found no channel for the WABA.
      await inFlight.query('BEGIN');
      await inFlight.query('SELECT count(pg_advisory_xact_lock_shared($1, slot)) FROM unnest($2::int[]) AS slot', [BUFFER_LOCK_SPACE, bufferLockSlots(['waba:raceWABA'])]);
      const running = { id: 'race-running-1', event: 'channel_running', data: { id: 'raceCH', client_id: 'raceCL', waba_account: { id: 'raceWABA' } } };
      expect((await ingest.post('/webhooks/360dialog', JSON.stringify(running), { secret: SECRET })).status).toBe(200);
      const waiting = `SELECT 1 FROM pg_locks
                        WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND classid = $1::oid AND objid = ANY($2::oid[])`;
      await waitFor(async () => (await ingest.pool.query(waiting, [BUFFER_LOCK_SPACE, bufferLockSlots(['waba:raceWABA'])])).rowCount! > 0, {
        description: 'the reconciliation learning raceWABA to wait for the ingest transaction',
      });
      await inFlight.query(
        `INSERT INTO onboarding_webhook_events (id, dedupe_key, event, source, waba_account_id, payload, history_summary, status, received_at)
         VALUES ($1, 'race-history-1', 'history', 'partner', 'raceWABA', '{}'::jsonb, $2::jsonb, 'buffered', now())`,
        [randomUUID(), JSON.stringify(chunk(1))],
      );
      await inFlight.query('COMMIT');
    } finally {
      inFlight.release();
    }
    const later = { id: 'race-history-2', event: 'history', data: { id: 'raceWABA', history: [{ metadata: chunk(2), threads: [] }] } };
    expect((await ingest.post('/webhooks/360dialog', JSON.stringify(later), { secret: SECRET })).status).toBe(200);

    const published = () => ingest.bus.received.filter((event) => event.type === 'd360.history' && event.tenant_id === 'tenant-race');
    await waitFor(() => published().length === 2, { description: 'both history chunks published' });
    expect(published().map((event) => (event.data as { webhook_event_id: string }).webhook_event_id)).toEqual(['race-history-1', 'race-history-2']);
  });
});
