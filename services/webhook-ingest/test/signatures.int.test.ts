import { signWebhookBody } from '../src/domain/webhook-signature';
import { startIngest, type IngestFixture } from './support/ingest-fixture';
import { startSenderSandbox, type SenderSandbox } from './support/sandbox';

const OLD_SECRET = 'platform-secret-before-rotation';
const NEW_SECRET = 'platform-secret-after-rotation';

describe('webhook signatures', () => {
  let ingest: IngestFixture;
  let sandbox: SenderSandbox;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'wi_signatures', env: { DIALOG360_WEBHOOK_SECRET: `${OLD_SECRET},${NEW_SECRET}` } });
    sandbox = await startSenderSandbox(`${ingest.url}/webhooks/360dialog`, {
      platformSecret: OLD_SECRET,
      settings: { webhookRetry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100, timeoutMs: 5_000 } },
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await ingest?.close();
  });

  it('stores what the sandbox signs, bodies with emoji and accented text included', async () => {
    const { clientId } = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111'], displayName: 'Café Ünïcode 😀 Ωmega', email: 'zoë@example.test' });
    const deliveries = await sandbox.settled();
    expect(deliveries.map((d) => [d.event, d.status])).toEqual([
      ['client_created', 'delivered'],
      ['channel_created', 'delivered'],
    ]);
    expect(Buffer.byteLength(deliveries[0]!.body)).toBeGreaterThan(deliveries[0]!.body.length);
    expect(deliveries[0]!.body).toContain('😀');
    const rows = await ingest.rows();
    expect(rows.map((row) => [row.event, row.client_id])).toEqual([
      ['client_created', clientId],
      ['channel_created', clientId],
    ]);
  });

  it('accepts the new secret during a rotation, and refuses a secret it was never given', async () => {
    await sandbox.control.reset();
    await sandbox.control.rotatePlatformSecret(NEW_SECRET);
    await sandbox.control.onboard({ phoneNumbers: ['+4915122222222'] });
    expect((await sandbox.settled()).map((d) => d.status)).toEqual(['delivered', 'delivered']);

    await sandbox.control.reset();
    await sandbox.control.rotatePlatformSecret('a-secret-nobody-told-ingest');
    const before = (await ingest.rows()).length;
    await sandbox.control.onboard({ phoneNumbers: ['+4915133333333'] });
    const refused = await sandbox.settled();
    expect(refused.map((d) => d.status)).toEqual(['failed', 'failed']);
    expect(refused.flatMap((d) => d.attempts.map((a) => a.statusCode))).toEqual([401, 401, 401, 401]);
    expect((await ingest.rows()).length).toBe(before);
  });

  describe('direct requests', () => {
    const body = '{ "id": "sig-direct-1", "event": "channel_live",\n  "data": { "id": "sigCH", "name": "Ñandú 🐦 straße" } }';

    it('accepts a signature with the sha256= prefix, computed over the exact bytes sent', async () => {
      const response = await ingest.post('/webhooks/360dialog', body, {
        secret: OLD_SECRET,
        headers: { 'x-360dialog-signature': `sha256=${signWebhookBody(body, OLD_SECRET)}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ duplicate: false });
    });

    it('checks the signature before it parses the body: an unsigned or badly signed body is never parsed', async () => {
      const malformed = '{"id":"sig-unparsed","event":';
      const unsigned = await ingest.post('/webhooks/360dialog', malformed);
      expect(unsigned.status).toBe(401);
      expect(await unsigned.json()).toEqual({ error: { code: 'WEBHOOK.SIGNATURE_MISSING', message: expect.any(String) } });
      const wronglySigned = await ingest.post('/webhooks/360dialog/channels/sigCH', malformed, { secret: 'not-the-secret' });
      expect(await wronglySigned.json()).toMatchObject({ error: { code: 'WEBHOOK.SIGNATURE_INVALID' } });

      const signed = await ingest.post('/webhooks/360dialog', malformed, { secret: OLD_SECRET });
      expect(await signed.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    });

    it('answers 401 with the JSON error shape for a missing, wrong or re-encoded signature', async () => {
      const missing = await ingest.post('/webhooks/360dialog', body.replace('direct-1', 'direct-2'));
      expect(missing.status).toBe(401);
      expect(await missing.json()).toEqual({ error: { code: 'WEBHOOK.SIGNATURE_MISSING', message: expect.any(String) } });

      const wrong = await ingest.post('/webhooks/360dialog', body.replace('direct-1', 'direct-3'), { secret: 'not-the-secret' });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: { code: 'WEBHOOK.SIGNATURE_INVALID' } });

      // Signed over the compact re-serialisation, sent as the original bytes: what a re-encoding proxy breaks.
      const reencoded = JSON.stringify(JSON.parse(body.replace('direct-1', 'direct-4')));
      const mismatched = await ingest.post('/webhooks/360dialog', body.replace('direct-1', 'direct-4'), {
        headers: { 'x-360dialog-signature': signWebhookBody(reencoded, OLD_SECRET) },
      });
      expect(mismatched.status).toBe(401);
      expect((await ingest.rows()).map((row) => row.dedupe_key)).not.toEqual(expect.arrayContaining(['sig-direct-2', 'sig-direct-3', 'sig-direct-4']));
      expect(await ingest.metric('webhook_ingest_signature_failures_total{reason="missing"}')).toBeGreaterThanOrEqual(1);
      expect(await ingest.metric('webhook_ingest_signature_verification_enabled')).toBe(1);
    });
  });
});

describe('without DIALOG360_WEBHOOK_SECRET', () => {
  let ingest: IngestFixture;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'wi_unsigned' });
  });
  afterAll(async () => ingest?.close());

  it('accepts unsigned webhooks and says so in a metric', async () => {
    const response = await ingest.post('/webhooks/360dialog', JSON.stringify({ id: 'unsigned-1', event: 'client_created', data: { id: 'c1' } }));
    expect(response.status).toBe(200);
    expect((await ingest.rows()).map((row) => row.dedupe_key)).toEqual(['unsigned-1']);
    expect(await ingest.metric('webhook_ingest_signature_verification_enabled')).toBe(0);
  });
});
