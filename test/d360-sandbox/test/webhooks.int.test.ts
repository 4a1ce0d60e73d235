import { createHmac } from 'node:crypto';
import { waitFor } from '@chatpilot/testing';
import { isEvent, startCaptureServer, webhookOf, type CaptureServer, type Responder } from './helpers/capture-server';
import { startSandbox, type RunningSandbox } from './helpers/sandbox-fixture';

describe('partner webhooks', () => {
  let receiver: CaptureServer;
  let sandbox: RunningSandbox;
  let respond: Responder;

  beforeAll(async () => {
    receiver = await startCaptureServer((request, index) => respond(request, index));
    sandbox = await startSandbox({ webhookUrl: `${receiver.url}/webhooks/360dialog` });
  });
  afterAll(async () => {
    await sandbox.stop();
    await receiver.close();
  });
  beforeEach(async () => {
    await sandbox.control.reset();
    receiver.received.length = 0;
    respond = () => ({ status: 200 });
  });

  const events = () => receiver.received.map((r) => webhookOf(r).event);
  const independentSignature = (raw: Buffer, secret: string) => createHmac('sha256', secret).update(raw).digest('hex');

  it('signs each webhook body with the platform secret and sends {id, event, data}', async () => {
    const { clientId, channelIds } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], partnerPayload: 'tenant-1' });
    const [clientCreated, channelCreated] = await receiver.waitForCount(2);
    for (const request of [clientCreated!, channelCreated!]) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/webhooks/360dialog');
      expect(request.headers['x-360dialog-signature']).toBe(independentSignature(request.raw, sandbox.info.platformSecret));
      expect(Object.keys(webhookOf(request)).sort()).toEqual(['data', 'event', 'id']);
    }
    expect(webhookOf(clientCreated!)).toMatchObject({ event: 'client_created', data: { id: clientId, partner_payload: 'tenant-1' } });
    expect(webhookOf(channelCreated!)).toMatchObject({
      event: 'channel_created',
      data: { id: channelIds[0], client_id: clientId, phone_number: '+4915111111111', status: 'created', client: { id: clientId } },
    });
  });

  it('signs with the new secret after a rotation', async () => {
    const rotated = await sandbox.control.rotatePlatformSecret('a-brand-new-platform-secret');
    await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
    const [first] = await receiver.waitForCount(1);
    expect(first!.headers['x-360dialog-signature']).toBe(independentSignature(first!.raw, rotated));
    expect(first!.headers['x-360dialog-signature']).not.toBe(independentSignature(first!.raw, sandbox.info.platformSecret));
  });

  describe('status progression', () => {
    const progression = ['channel_created', 'channel_submitted', 'channel_ready', 'channel_running', 'channel_live'];

    it('runs through every stage at once on the immediate schedule', async () => {
      await sandbox.control.updateSettings({ statusSchedule: 'immediate' });
      const { channelIds: [id] } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], coexistence: false });
      await receiver.waitForCount(6);
      expect(events()).toEqual(['client_created', ...progression]);
      const live = receiver.received.map(webhookOf).find((e) => e.event === 'channel_live')!;
      expect(live.data).toMatchObject({ id, status: 'live', integration: { state: 'running' }, current_quality_rating: 'GREEN' });
    });

    it('steps on a timer', async () => {
      await sandbox.control.updateSettings({ statusSchedule: { stepDelayMs: 30 } });
      await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], coexistence: false });
      await receiver.waitForCount(6);
      expect(events()).toEqual(['client_created', ...progression]);
    });

    it('waits for the control API on the manual schedule', async () => {
      const { channelIds: [id] } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], coexistence: false });
      await receiver.waitForCount(2);
      const running = await sandbox.control.setChannelStatus(id!, 'running');
      expect(running).toMatchObject({ stage: 'running', status: 'running' });
      await sandbox.control.advanceChannel(id!);
      await receiver.waitForCount(4);
      expect(events()).toEqual(['client_created', 'channel_created', 'channel_running', 'channel_live']);
      await expect(sandbox.control.advanceChannel(id!)).rejects.toMatchObject({ status: 409 });
    });
  });

  describe('coexistence sync', () => {
    it('sends contacts and three phases of history chunks with growing progress', async () => {
      await sandbox.control.updateSettings({ statusSchedule: 'immediate', history: { chunksPerPhase: 2, messagesPerChunk: 2 } });
      const { channelIds: [id] } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], coexistence: true, shareHistory: true });
      const chunks = (await receiver.waitForCount(6, isEvent('history'))).map(webhookOf);
      const metas = chunks.map((c) => (c.data.history as { metadata: { phase: number; chunk_order: number; progress: number } }[])[0]!.metadata);
      expect(metas.map((m) => [m.phase, m.chunk_order])).toEqual([[0, 1], [0, 2], [1, 1], [1, 2], [2, 1], [2, 2]]);
      expect(metas.map((m) => m.progress)).toEqual([...metas.map((m) => m.progress)].sort((a, b) => a - b));
      expect(metas.at(-1)!.progress).toBe(100);

      const [contacts] = await receiver.waitForCount(1, isEvent('smb_app_state_sync'));
      const channel = await sandbox.control.channel(id!);
      expect(webhookOf(contacts!).data).toMatchObject({
        id: channel.wabaId,
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '4915111111111', phone_number_id: channel.phoneNumberId },
      });
      expect(events().indexOf('smb_app_state_sync')).toBeGreaterThan(events().indexOf('channel_running'));
    });

    it('sends one declined history entry when the business did not share its history', async () => {
      await sandbox.control.updateSettings({ statusSchedule: 'immediate' });
      await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], coexistence: true, shareHistory: false });
      const [declined] = await receiver.waitForCount(1, isEvent('history'));
      expect(webhookOf(declined!).data).toMatchObject({ history: [{ errors: [{ code: expect.any(Number) }] }] });
      await receiver.waitForCount(1, isEvent('smb_app_state_sync'));
      expect(receiver.received.filter(isEvent('history'))).toHaveLength(1);
    });
  });

  describe('delivery', () => {
    it('retries non-2xx answers with backoff and records every attempt', async () => {
      let clientCreatedSeen = 0;
      respond = (request) => ({ status: isEvent('client_created')(request) && ++clientCreatedSeen <= 2 ? 500 : 200 });
      await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      await receiver.waitForCount(3, isEvent('client_created'));
      const delivery = await waitFor(async () => (await sandbox.control.webhooks('client_created')).find((d) => d.status === 'delivered'), { description: 'client_created to be delivered' });
      expect(delivery.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
      const bodies = receiver.received.filter(isEvent('client_created')).map((r) => r.raw.toString());
      expect(new Set(bodies)).toEqual(new Set([delivery.body]));
    });

    it('gives up after the configured number of attempts', async () => {
      respond = () => ({ status: 503 });
      await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      const failed = await waitFor(async () => (await sandbox.control.webhooks('client_created')).find((d) => d.status === 'failed'), { description: 'client_created to fail' });
      expect(failed.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 503]);
    });

    it('records an answer that takes longer than the timeout as a failed attempt and retries it', async () => {
      await sandbox.control.updateSettings({ webhookRetry: { timeoutMs: 200 } });
      let clientCreatedSeen = 0;
      respond = (request) => ({ status: 200, ...(isEvent('client_created')(request) && ++clientCreatedSeen === 1 ? { delayMs: 1_000 } : {}) });
      await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      const delivery = await waitFor(async () => (await sandbox.control.webhooks('client_created')).find((d) => d.status === 'delivered'), { description: 'client_created to be delivered' });
      expect(delivery.attempts).toHaveLength(2);
      expect(delivery.attempts[0]).toMatchObject({ error: expect.stringContaining('within 200 ms') });
      expect(delivery.attempts[0]).not.toHaveProperty('statusCode');
      expect(delivery.attempts[1]).toMatchObject({ statusCode: 200 });
    });

    it('records a refused connection as a failed attempt', async () => {
      const closed = await startCaptureServer();
      await closed.close();
      const unreachable = await startSandbox({ webhookUrl: `${closed.url}/webhooks/360dialog` });
      try {
        await unreachable.control.onboard({ phoneNumbers: ['+4915111111111'] });
        const failed = await waitFor(async () => (await unreachable.control.webhooks('client_created')).find((d) => d.status === 'failed'), { description: 'client_created to fail' });
        expect(failed.attempts).toHaveLength(4);
        for (const attempt of failed.attempts) expect(attempt.error).toMatch(/ECONNREFUSED/);
      } finally {
        await unreachable.stop();
      }
    });

    it('sends one client\'s webhooks over one kept-alive connection', async () => {
      await sandbox.control.updateSettings({ statusSchedule: 'immediate' });
      await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], coexistence: false });
      const received = await receiver.waitForCount(6);
      expect(new Set(received.map((request) => request.remotePort)).size).toBe(1);
    });

    it('drops deliveries of chosen events', async () => {
      await sandbox.control.updateSettings({ webhookDelivery: { dropRate: 1, events: ['channel_created'] } });
      await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      const deliveries = await sandbox.control.webhooks();
      expect(deliveries.map((d) => [d.event, d.status])).toEqual([['client_created', 'delivered'], ['channel_created', 'dropped']]);
      expect(events()).toEqual(['client_created']);
    });

    it('duplicates deliveries with the same event id', async () => {
      await sandbox.control.updateSettings({ webhookDelivery: { duplicateRate: 1 } });
      await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      const received = (await receiver.waitForCount(4)).map(webhookOf);
      const ids = received.map((e) => e.id);
      expect(new Set(ids).size).toBe(2);
      expect(received.filter((e) => e.event === 'client_created')).toHaveLength(2);
    });

    it.each(['account_violation', 'account_restriction', 'cancellation_processed'] as const)('raises %s on demand', async (event) => {
      const { channelIds: [id] } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'] });
      await sandbox.control.raiseEvent(id!, event, { note: 'by test' });
      const [raised] = await receiver.waitForCount(1, isEvent(event));
      expect(webhookOf(raised!).data).toMatchObject({ id, phone_number: '+4915111111111', note: 'by test' });
    });
  });

  describe('order relative to the redirect', () => {
    const submit = () =>
      fetch(`${sandbox.info.urls.permissionPage}?redirect_url=https%3A%2F%2Fp.example%2Fcb`, {
        method: 'POST',
        body: new URLSearchParams({ action: 'grant', phone_numbers: '+4915111111111' }),
        redirect: 'manual',
      });

    it('delivers client_created and channel_created before redirecting by default', async () => {
      const response = await submit();
      expect(response.status).toBe(302);
      expect(events()).toEqual(['client_created', 'channel_created']);
    });

    it('delivers them after the redirect when switched', async () => {
      await sandbox.control.updateSettings({ webhookOrder: 'after_redirect', afterRedirectDelayMs: 1500 });
      const response = await submit();
      expect(response.status).toBe(302);
      expect(receiver.received).toHaveLength(0);
      await receiver.waitForCount(2);
      expect(events()).toEqual(['client_created', 'channel_created']);
    });
  });
});
