import { createSignatureVerifier, signWebhookBody } from '../domain/webhook-signature';
import { ingestWebhook, type IngestWebhookDeps, type WebhookDelivery } from './ingest-webhook';
import type { IngestMetrics, StoreOutcome, WebhookToStore } from './ports';

/** Counts calls per metric method; enough to see what the use case reports. */
function countingMetrics(): IngestMetrics & { calls: Record<string, unknown[][]> } {
  const calls: Record<string, unknown[][]> = {};
  const record = (name: string) => (...args: unknown[]) => void (calls[name] ??= []).push(args);
  return {
    calls,
    received: record('received'),
    duplicate: record('duplicate'),
    signatureFailure: record('signatureFailure'),
    acknowledgedAfterCommit: record('acknowledgedAfterCommit'),
    storageUnavailable: record('storageUnavailable'),
    observeBatchSize: record('observeBatchSize'),
    observeIngestSeconds: record('observeIngestSeconds'),
    released: record('released'),
    expired: record('expired'),
    bufferState: record('bufferState'),
  };
}

const SECRET = 'unit-test-secret';
const body = { id: 'evt-1', event: 'channel_running', data: { id: 'abcCH' } };
const rawBody = Buffer.from(JSON.stringify(body));

function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return { rawBody, body, signature: signWebhookBody(rawBody, SECRET), route: { source: 'partner' }, receivedAt: new Date(), ...overrides };
}

function deps(store: (webhook: WebhookToStore) => Promise<StoreOutcome>, storeTimeoutMs = 1_000) {
  const metrics = countingMetrics();
  const stored: WebhookToStore[] = [];
  const value: IngestWebhookDeps = {
    verifier: createSignatureVerifier([SECRET]),
    writer: { store: (webhook) => (stored.push(webhook), store(webhook)) },
    metrics,
    storeTimeoutMs,
  };
  return { value, metrics, stored };
}

describe('ingestWebhook', () => {
  it('stores a verified webhook with its exact body text and acknowledges after the commit', async () => {
    const { value, metrics, stored } = deps(async () => 'stored');
    await expect(ingestWebhook(value, delivery())).resolves.toEqual({ ok: true, duplicate: false });
    expect(stored[0]).toMatchObject({ dedupeKey: 'evt-1', event: 'channel_running', bodyText: rawBody.toString('utf8') });
    expect(metrics.calls.acknowledgedAfterCommit).toEqual([['stored']]);
    expect(metrics.calls.received).toEqual([['channel_running', 'partner']]);
  });

  it('reports a duplicate as success without storing anything new', async () => {
    const { value, metrics } = deps(async () => 'duplicate');
    await expect(ingestWebhook(value, delivery())).resolves.toEqual({ ok: true, duplicate: true });
    expect(metrics.calls.duplicate).toEqual([['channel_running']]);
  });

  it('refuses a missing or wrong signature before touching storage', async () => {
    const { value, metrics, stored } = deps(async () => 'stored');
    await expect(ingestWebhook(value, delivery({ signature: undefined }))).resolves.toMatchObject({ ok: false, error: { code: 'WEBHOOK.SIGNATURE_MISSING' } });
    await expect(ingestWebhook(value, delivery({ signature: signWebhookBody(rawBody, 'other') }))).resolves.toMatchObject({
      ok: false,
      error: { code: 'WEBHOOK.SIGNATURE_INVALID' },
    });
    expect(stored).toEqual([]);
    expect(metrics.calls.signatureFailure).toEqual([['missing'], ['invalid']]);
  });

  it('answers storage unavailable when the store fails or does not commit in time', async () => {
    const failing = deps(async () => Promise.reject(new Error('connection refused')));
    await expect(ingestWebhook(failing.value, delivery())).resolves.toMatchObject({ ok: false, error: { code: 'WEBHOOK.STORAGE_UNAVAILABLE' } });
    const hanging = deps(() => new Promise<StoreOutcome>(() => undefined), 20);
    await expect(ingestWebhook(hanging.value, delivery())).resolves.toMatchObject({ ok: false, error: { code: 'WEBHOOK.STORAGE_UNAVAILABLE' } });
    expect(failing.metrics.calls.acknowledgedAfterCommit).toBeUndefined();
  });

  it('maps a body PostgreSQL refuses to a client error', async () => {
    const { value } = deps(async () => 'unstorable');
    await expect(ingestWebhook(value, delivery())).resolves.toMatchObject({ ok: false, error: { code: 'WEBHOOK.UNSTORABLE_PAYLOAD' } });
  });
});
