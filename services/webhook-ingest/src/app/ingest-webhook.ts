import { randomUUID } from 'node:crypto';

import { parseIncomingWebhook, type WebhookRoute } from '../domain/incoming-webhook';
import { eventLabelOf } from '../domain/publication';
import { webhookError, WebhookErrorCode, type WebhookError } from '../domain/webhook-errors';
import type { SignatureVerifier } from '../domain/webhook-signature';
import type { IngestMetrics, StoreOutcome, WebhookWriter } from './ports';

export interface IngestWebhookDeps {
  verifier: SignatureVerifier;
  writer: WebhookWriter;
  metrics: IngestMetrics;
  /** Longest wait for the commit before answering 503 (the sender retries; deduplication absorbs a late commit). */
  storeTimeoutMs: number;
}

export interface WebhookDelivery {
  rawBody: Buffer;
  /** The parsed JSON body. */
  body: unknown;
  signature: string | undefined;
  route: WebhookRoute;
  receivedAt: Date;
}

export type IngestResult = { ok: true; duplicate: boolean } | { ok: false; error: WebhookError };

/** Verify, parse, persist (outbox row included), and only then report success. */
export async function ingestWebhook(deps: IngestWebhookDeps, delivery: WebhookDelivery): Promise<IngestResult> {
  const startedAt = performance.now();
  const result = await verifyParseAndStore(deps, delivery);
  const outcome = result.ok ? (result.duplicate ? 'duplicate' : 'stored') : result.error.code;
  deps.metrics.observeIngestSeconds(outcome, (performance.now() - startedAt) / 1000);
  return result;
}

/**
 * The signature check alone, counted when it fails. The HTTP layer runs it on the raw bytes before
 * it parses them, so an unsigned body costs no JSON parse; `ingestWebhook` runs it again.
 */
export function checkSignature(deps: Pick<IngestWebhookDeps, 'verifier' | 'metrics'>, rawBody: Buffer, signatureHeader: string | undefined): WebhookError | undefined {
  const signature = deps.verifier.verify(rawBody, signatureHeader);
  if (signature !== 'missing' && signature !== 'invalid') return undefined;
  deps.metrics.signatureFailure(signature);
  return signature === 'missing'
    ? webhookError(WebhookErrorCode.SIGNATURE_MISSING, 'The x-360dialog-signature header is required')
    : webhookError(WebhookErrorCode.SIGNATURE_INVALID, 'The x-360dialog-signature header does not match the body');
}

async function verifyParseAndStore(deps: IngestWebhookDeps, delivery: WebhookDelivery): Promise<IngestResult> {
  const signatureError = checkSignature(deps, delivery.rawBody, delivery.signature);
  if (signatureError) return { ok: false, error: signatureError };
  const parsed = parseIncomingWebhook(delivery.body, delivery.rawBody, delivery.route);
  if (!parsed.ok) return parsed;
  const { webhook } = parsed;
  const label = eventLabelOf(webhook.source, webhook.event);
  deps.metrics.received(label, webhook.source);

  let outcome: StoreOutcome;
  try {
    const toStore = { ...webhook, id: randomUUID(), receivedAt: delivery.receivedAt, bodyText: delivery.rawBody.toString('utf8') };
    outcome = await withTimeout(deps.writer.store(toStore), deps.storeTimeoutMs);
  } catch {
    deps.metrics.storageUnavailable();
    return failure(WebhookErrorCode.STORAGE_UNAVAILABLE, 'The event could not be stored; retry later');
  }
  if (outcome === 'unstorable') return failure(WebhookErrorCode.UNSTORABLE_PAYLOAD, 'The body contains JSON that cannot be stored');
  if (outcome === 'duplicate') deps.metrics.duplicate(label);
  deps.metrics.acknowledgedAfterCommit(outcome);
  return { ok: true, duplicate: outcome === 'duplicate' };
}

function failure(code: WebhookErrorCode, message: string): IngestResult {
  return { ok: false, error: webhookError(code, message) };
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not committed within ${timeoutMs} ms`)), timeoutMs);
  });
  // A store that fails after the timeout won has nobody left to tell.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
