import { waitFor } from '@chatpilot/testing';

import { type RegistryFixture, type RunningSandbox, startRegistry } from './support/registry-fixture';

/** Sub-second reconciler timings; the behaviour is the same at production scale. */
const RECONCILER_ENV = {
  RECONCILER_INTERVAL_SECONDS: '0.2',
  RECONCILER_NOT_RUNNING_AFTER_SECONDS: '0.5',
  RECONCILER_RECHECK_SECONDS: '0.3',
  RECONCILER_FULL_SWEEP_SECONDS: '3600',
  RECONCILER_REQUESTS_PER_SECOND: '50',
  RECONCILER_BURST: '10',
  DIALOG360_TIMEOUT_SECONDS: '8',
  DIALOG360_BREAKER_RESET_SECONDS: '2',
};

interface Row {
  status: string;
  raw_status: string | null;
  phone_number: string | null;
  waba_account_id: string | null;
  display_name: string | null;
  coexistence: boolean | null;
}

describe('reconciliation against the 360dialog Partner API (sandbox)', () => {
  let registry: RegistryFixture;
  let sandbox: RunningSandbox;
  let phoneNumbers = 0;

  beforeAll(async () => {
    registry = await startRegistry('registry-reconciler', { sandbox: true, env: RECONCILER_ENV });
    sandbox = registry.sandbox!;
  });
  afterAll(() => registry?.close());

  const row = async (channelId: string): Promise<Row | undefined> =>
    (
      await registry.sql<Row>(`SELECT status, raw_status, phone_number, waba_account_id, display_name, coexistence FROM whatsapp_accounts WHERE channel_id = $1`, [
        channelId,
      ])
    )[0];
  const waitForRow = (channelId: string, match: (row: Row) => boolean, description: string) =>
    waitFor(async () => ((await row(channelId)) && match((await row(channelId))!) ? row(channelId) : undefined), { description, timeoutMs: 30_000 });
  const channelsPath = () => `/api/v2/partners/${sandbox.info.partnerId}/channels`;

  /** A coexistence number onboarded at the sandbox and linked to a tenant, as onboarding does after the redirect. */
  async function onboardAndLink(tenantId: string): Promise<{ channelId: string; phoneNumber: string }> {
    phoneNumbers += 1;
    const phoneNumber = `+49151000002${String(phoneNumbers).padStart(2, '0')}`;
    const granted = await sandbox.control.onboard({ phoneNumbers: [phoneNumber], coexistence: true, displayName: 'Acme Coffee' });
    const channelId = granted.channelIds[0]!;
    await registry.grpc('onboarding').unary('LinkChannels', { tenant_id: tenantId, session_id: 'session-r', client_id: granted.clientId, channel_ids: [channelId] });
    return { channelId, phoneNumber };
  }

  it('fills the number, WABA and display name after linking, and brings a channel whose channel_running webhook was dropped to running', async () => {
    const { channelId, phoneNumber } = await onboardAndLink('tenant-r');
    const channel = await sandbox.control.channel(channelId);
    await waitForRow(channelId, (r) => r.phone_number !== null, 'the reconciler to fill in the details');
    expect(await row(channelId)).toMatchObject({ phone_number: phoneNumber, waba_account_id: channel.wabaId, display_name: 'Acme Coffee', coexistence: true, status: 'pending' });

    await sandbox.control.setChannelStatus(channelId, 'ready');
    await waitForRow(channelId, (r) => r.status === 'ready', 'the channel to be ready');
    await sandbox.control.updateSettings({ webhookDelivery: { dropRate: 1, events: ['channel_running'] } });
    await sandbox.control.setChannelStatus(channelId, 'running');

    await waitForRow(channelId, (r) => r.status === 'running', 'the reconciler to find the channel running');
    expect((await sandbox.control.webhooks('channel_running')).map((delivery) => delivery.status)).toEqual(['dropped']);
    const changes = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.status_changed' && event.data.channel_id === channelId, 3);
    expect(changes.map((event) => [event.data.from, event.data.to])).toEqual([
      [null, 'pending'],
      ['pending', 'ready'],
      ['ready', 'running'],
    ]);
    expect(changes[2]?.data.raw_status).toBe('running');
    const [quality] = await registry.bus.waitForEvents((event) => event.type === 'registry.channel.quality_changed' && event.data.channel_id === channelId);
    expect(quality?.data).toEqual({ channel_id: channelId, to: 'GREEN', messaging_limit: 'TIER_250' });
    const reads = await sandbox.control.requests({ surface: 'partner_api', method: 'GET', pathPrefix: channelsPath() });
    expect(reads.some((read) => read.query.filters === JSON.stringify({ id: channelId }))).toBe(true);
    expect(reads.every((read) => read.headers['x-api-key'] === sandbox.info.credentials.partnerApiKey)).toBe(true);
    await sandbox.control.updateSettings({ webhookDelivery: { dropRate: 0, events: null } });
  });

  it('reads a running channel whose read failed again after RECONCILER_RECHECK_SECONDS, not at the next full sweep', async () => {
    const { channelId } = await onboardAndLink('tenant-retry');
    await waitForRow(channelId, (r) => r.phone_number !== null, 'the first read');
    await registry.publisher.publishWebhook({ event: 'channel_running', channelId, receivedAt: new Date(), payload: {} });
    await waitForRow(channelId, (r) => r.status === 'running', 'the channel to run');
    const readsOf = async () =>
      (await sandbox.control.requests({ surface: 'partner_api', method: 'GET', pathPrefix: channelsPath() })).filter(
        (read) => read.query.filters === JSON.stringify({ id: channelId }),
      );

    const failedReads = await registry.metric('channel_registry_reconciler_reads_total', { outcome: 'failed' });
    // Every attempt of one read (the client tries 3 times); no other channel is due meanwhile.
    await sandbox.control.addFault({ path: channelsPath(), method: 'GET', kind: '500', times: 3 });
    await registry.sql(`UPDATE whatsapp_accounts SET last_reconciled_at = now() - interval '2 hours' WHERE channel_id = $1`, [channelId]);
    await waitFor(async () => (await readsOf()).some((read) => read.fault === '500'), { description: 'the full-sweep read to hit the fault' });
    // Once the client has given up on its retries, the read has failed.
    await waitFor(async () => (await registry.metric('channel_registry_reconciler_reads_total', { outcome: 'failed' })) > failedReads, { description: 'the read to fail' });
    await sandbox.control.clearFaults();
    const lastFailed = Math.max(...(await readsOf()).filter((read) => read.fault !== undefined).map((read) => read.seq));

    await waitFor(async () => (await readsOf()).some((read) => read.seq > lastFailed && read.fault === undefined && read.status === 200), {
      description: 'the channel to be read again well before the full sweep (3600 s)',
      timeoutMs: 30_000,
    });
  });

  it('keeps consuming events while a Partner API read hangs, opens the breaker on faults, skips cycles, and recovers', async () => {
    // `polled` stays pending, so the reconciler keeps reading it; `target` receives the events.
    const polled = await onboardAndLink('tenant-r');
    const target = await onboardAndLink('tenant-r');
    await waitForRow(polled.channelId, (r) => r.phone_number !== null, 'the first read of the polled channel');

    // Phase 1: a read hangs (until the client's 8 s timeout); an event is applied meanwhile.
    await sandbox.control.addFault({ path: channelsPath(), method: 'GET', kind: 'latency', latencyMs: 60_000, times: 1 });
    await waitFor(async () => (await sandbox.control.requests({ surface: 'partner_api' })).some((read) => read.fault === 'latency'), {
      description: 'the reconciler to be stuck in a slow read',
    });
    const readsWhileStuck = await registry.metric('channel_registry_reconciler_reads_total');
    await registry.publisher.publishWebhook({ event: 'account_violation', channelId: target.channelId, receivedAt: new Date(), payload: { violation_type: 'SCAM' } });
    await waitForRow(target.channelId, (r) => r.status === 'restricted', 'the violation to be applied');
    expect(await registry.metric('channel_registry_reconciler_reads_total')).toBe(readsWhileStuck);

    // Phase 2: 360dialog answers 500; the breaker opens and cycles are skipped, events still apply.
    await sandbox.control.addFault({ path: channelsPath(), method: 'GET', kind: '500' });
    await waitFor(async () => (await registry.metric('channel_registry_partner_api_breaker_open')) === 1, { description: 'the breaker to open', timeoutMs: 30_000 });
    const skippedWhenOpen = await registry.metric('channel_registry_reconciler_cycles_total', { outcome: 'skipped_breaker_open' });
    await waitFor(async () => (await registry.metric('channel_registry_reconciler_cycles_total', { outcome: 'skipped_breaker_open' })) >= skippedWhenOpen + 3, {
      description: 'cycles to be skipped while the breaker is open',
    });
    await registry.publisher.publishWebhook({ event: 'channel_live', channelId: target.channelId, receivedAt: new Date(), payload: {} });
    await waitForRow(target.channelId, (r) => r.status === 'running', 'an event to be applied while the breaker is open');

    // Phase 3: 360dialog recovers; the half-open probe closes the breaker and reads resume.
    await sandbox.control.clearFaults();
    await waitFor(async () => (await registry.metric('channel_registry_partner_api_breaker_open')) === 0, { description: 'the breaker to close', timeoutMs: 30_000 });
    const later = await onboardAndLink('tenant-r');
    await waitForRow(later.channelId, (r) => r.phone_number === later.phoneNumber, 'reads to resume');
    await registry.grpc('onboarding').unary('LinkChannels', { tenant_id: 'tenant-r', session_id: 's', client_id: 'c', channel_ids: ['unknown-at-360CH'] });
    await waitFor(async () => (await registry.metric('channel_registry_reconciler_reads_total', { outcome: 'not_found' })) >= 1, {
      description: 'a channel 360dialog does not list to be reported as not found',
    });
  });

});
