import { randomUUID } from 'node:crypto';

import { waitFor } from '@chatpilot/testing';

import type { PartnerWebhookEvent } from './support/event-publisher';
import { type RegistryFixture, startRegistry } from './support/registry-fixture';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (second: number): Date => new Date(T0 + second * 1_000);

/** The channel object 360dialog sends as `data` of channel events (fields the registry reads). */
const channelObject = (channelId: string, extra: Record<string, unknown> = {}) => ({
  id: channelId,
  client_id: 'cl-1',
  status: 'running',
  account_mode: 'live',
  setup_info: { phone_number: '+4915100000777', phone_name: 'Acme Shop' },
  waba_account: { id: '104000000000777' },
  is_on_biz_app: true,
  ...extra,
});

interface Row {
  status: string;
  raw_status: string | null;
  quality_rating: string | null;
  messaging_limit: string | null;
  last_event_at: Date | null;
}

describe('360dialog status and quality events from the bus', () => {
  let registry: RegistryFixture;

  beforeAll(async () => {
    registry = await startRegistry('registry-events');
  });
  afterAll(() => registry?.close());

  const linkChannel = (channelId: string) =>
    registry.grpc('onboarding').unary('LinkChannels', { tenant_id: 'tenant-e', session_id: 's-1', client_id: 'cl-1', channel_ids: [channelId] });
  const row = async (channelId: string): Promise<Row> =>
    (await registry.sql<Row>(`SELECT status, raw_status, quality_rating, messaging_limit, last_event_at FROM whatsapp_accounts WHERE channel_id = $1`, [channelId]))[0]!;
  const processed = async (): Promise<number> => registry.metric('chatpilot_events_consumed_total', { outcome: 'processed' });
  const duplicates = async (): Promise<number> => registry.metric('chatpilot_events_consumed_total', { outcome: 'duplicate' });
  const registryEvents = (channelId: string, type: string) => registry.bus.events.filter((event) => event.type === type && event.data.channel_id === channelId);

  /** Publishes and waits until the registry's inbox holds the event, whatever its effect. */
  const deliver = async (webhook: PartnerWebhookEvent): Promise<void> => {
    const event = await registry.publisher.publishWebhook(webhook);
    await waitFor(async () => (await registry.sql(`SELECT 1 FROM inbox WHERE event_id = $1`, [event.id])).length === 1, { description: `${webhook.event} in the inbox` });
  };

  it('updates status and quality, and publishes status_changed and quality_changed', async () => {
    await linkChannel('ev-1CH');
    await deliver({ event: 'channel_ready', channelId: 'ev-1CH', receivedAt: at(1), payload: channelObject('ev-1CH', { status: 'ready' }) });
    await deliver({
      event: 'channel_running',
      channelId: 'ev-1CH',
      receivedAt: at(2),
      payload: channelObject('ev-1CH', { current_quality_rating: 'GREEN', current_limit: 'TIER_250' }),
    });

    expect(await row('ev-1CH')).toEqual({ status: 'running', raw_status: 'channel_running', quality_rating: 'GREEN', messaging_limit: 'TIER_250', last_event_at: at(2) });
    const changes = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.status_changed' && event.data.channel_id === 'ev-1CH', 2);
    expect(changes.map((event) => event.data)).toEqual([
      { channel_id: 'ev-1CH', from: null, to: 'ready', raw_status: 'channel_ready', changed_at: expect.any(String) },
      { channel_id: 'ev-1CH', from: 'ready', to: 'running', raw_status: 'channel_running', changed_at: expect.any(String) },
    ]);
    // These webhooks were received before the link, so their changes are dated just after it, in order.
    const [linkedAt] = await registry.sql<{ linked_at: Date }>(`SELECT linked_at FROM whatsapp_accounts WHERE channel_id = 'ev-1CH'`);
    const changedAt = changes.map((event) => Date.parse(String(event.data.changed_at)));
    expect(changedAt[0]).toBeGreaterThan(linkedAt!.linked_at.getTime());
    expect(changedAt[1]).toBeGreaterThan(changedAt[0]!);
    expect(changes.every((event) => event.tenant_id === 'tenant-e')).toBe(true);
    const [quality] = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.quality_changed' && event.data.channel_id === 'ev-1CH');
    expect(quality?.data).toEqual({ channel_id: 'ev-1CH', to: 'GREEN', messaging_limit: 'TIER_250' });
    const details = await registry.grpc('onboarding').unary('GetChannel', { tenant_id: 'tenant-e', channel_id: 'ev-1CH' });
    expect(details).toMatchObject({ phone_number: '+4915100000777', display_name: 'Acme Shop', waba_account_id: '104000000000777', account_mode: 'live', coexistence: true });
  });

  it('changes nothing on a duplicate: the same event again, or the same news under a new id', async () => {
    await linkChannel('dup-1CH');
    const id = randomUUID();
    const running = { event: 'channel_running', channelId: 'dup-1CH', receivedAt: at(5), payload: channelObject('dup-1CH') };
    await deliver({ ...running, id });
    const before = await row('dup-1CH');
    const duplicatesBefore = await duplicates();

    await registry.publisher.publishWebhook({ ...running, id });
    await waitFor(async () => (await duplicates()) > duplicatesBefore, { description: 'the exact duplicate to be recognised' });
    await deliver({ ...running, id: randomUUID() });

    expect(await row('dup-1CH')).toEqual(before);
    await registry.bus.waitForEvents((event) => event.type === 'registry.channel.status_changed' && event.data.channel_id === 'dup-1CH');
    const outbox = await registry.sql(`SELECT type FROM outbox WHERE payload->'data'->>'channel_id' = 'dup-1CH' ORDER BY created_at`);
    expect(outbox.map((entry) => entry.type)).toEqual(['registry.channel.linked', 'registry.channel.status_changed']);
  });

  it('ignores an older event that arrives after a newer one', async () => {
    await linkChannel('old-1CH');
    await deliver({ event: 'account_restriction', channelId: 'old-1CH', receivedAt: at(20), payload: channelObject('old-1CH', { restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING' }) });
    const newer = await row('old-1CH');
    expect(newer).toMatchObject({ status: 'restricted', raw_status: 'account_restriction', last_event_at: at(20) });

    await deliver({ event: 'channel_running', channelId: 'old-1CH', receivedAt: at(10), payload: channelObject('old-1CH', { current_quality_rating: 'RED' }) });

    expect(await row('old-1CH')).toEqual(newer);
    expect(registryEvents('old-1CH', 'registry.channel.quality_changed')).toEqual([]);
    expect(await registry.metric('channel_registry_observations_total', { source: 'webhook', result: 'ignored_stale' })).toBeGreaterThanOrEqual(1);
  });

  it('never moves a running channel back when a late channel_ready comes after channel_running', async () => {
    await linkChannel('late-1CH');
    await deliver({ event: 'channel_running', channelId: 'late-1CH', receivedAt: at(30), payload: channelObject('late-1CH') });
    await deliver({ event: 'channel_ready', channelId: 'late-1CH', receivedAt: at(31), payload: channelObject('late-1CH', { status: 'ready' }) });
    expect(await row('late-1CH')).toMatchObject({ status: 'running', raw_status: 'channel_running' });
  });

  it('offboards a channel whose cancellation was processed, finding it by phone number when no channel id came', async () => {
    await linkChannel('can-1CH');
    await registry.sql(`UPDATE whatsapp_accounts SET phone_number = '+49 1510 0000 888' WHERE channel_id = 'can-1CH'`);
    await deliver({ event: 'cancellation_processed', phoneNumber: '+4915100000888', receivedAt: at(40), payload: { phone_number: '+4915100000888' } });
    expect(await row('can-1CH')).toMatchObject({ status: 'offboarded', raw_status: 'cancellation_processed' });
    const [change] = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.status_changed' && event.data.channel_id === 'can-1CH');
    expect(change?.data).toMatchObject({ from: null, to: 'offboarded' });
  });

  it('offboards a channel on a Meta account_update saying ACCOUNT_OFFBOARDED', async () => {
    await linkChannel('off-1CH');
    await deliver({ event: 'account_update', channelId: 'off-1CH', receivedAt: at(50), payload: { event: 'ACCOUNT_OFFBOARDED' } });
    expect(await row('off-1CH')).toMatchObject({ status: 'offboarded' });
  });

  it('counts and drops an event for a channel it does not know', async () => {
    const before = await registry.metric('channel_registry_events_unknown_channel_total', { type: 'd360.channel_running' });
    const processedBefore = await processed();
    await deliver({ event: 'channel_running', channelId: 'nobodys-CH', receivedAt: at(50), payload: channelObject('nobodys-CH') });

    expect(await registry.metric('channel_registry_events_unknown_channel_total', { type: 'd360.channel_running' })).toBe(before + 1);
    expect(await processed()).toBe(processedBefore + 1);
    expect(await registry.sql(`SELECT 1 FROM whatsapp_accounts WHERE channel_id = 'nobodys-CH'`)).toEqual([]);
    expect(await registry.metric('chatpilot_events_dead_lettered_total')).toBe(0);
  });
});
