import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

import type { IngestMetrics } from './app/ports';

/** The service's own metrics (prefix `webhook_ingest_`), registered on the service registry. */
export function createIngestMetrics(registry: Registry, options: { signatureVerification: boolean }): IngestMetrics {
  const registers = [registry];
  const received = new Counter({
    name: 'webhook_ingest_received_total',
    help: 'Verified, well-formed webhooks by event (catalog names, else "other") and source (partner or channel URL)',
    labelNames: ['event', 'source'],
    registers,
  });
  const duplicates = new Counter({ name: 'webhook_ingest_duplicates_total', help: 'Deliveries of an already stored event, by event', labelNames: ['event'], registers });
  const signatureFailures = new Counter({
    name: 'webhook_ingest_signature_failures_total',
    help: 'Requests refused for a missing or wrong x-360dialog-signature',
    labelNames: ['reason'],
    registers,
  });
  const acknowledged = new Counter({
    name: 'webhook_ingest_persisted_before_ack_total',
    help: 'Acknowledgements (2xx) sent after the event was committed, by outcome (stored, duplicate)',
    labelNames: ['outcome'],
    registers,
  });
  const unavailable = new Counter({ name: 'webhook_ingest_storage_unavailable_total', help: 'Webhooks answered 503 because they could not be stored', registers });
  const latency = new Histogram({
    name: 'webhook_ingest_latency_seconds',
    help: 'Time from verification to the answer (commit included), by outcome',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers,
  });
  const batchSize = new Histogram({
    name: 'webhook_ingest_batch_size',
    help: 'Webhooks stored per transaction (group commit)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers,
  });
  const released = new Counter({ name: 'webhook_ingest_released_total', help: 'Buffered webhooks published once their channel was linked', registers });
  const expired = new Counter({ name: 'webhook_ingest_expired_total', help: 'Buffered webhooks that expired unlinked, by event', labelNames: ['event'], registers });
  const buffered = new Gauge({ name: 'webhook_ingest_buffered_events', help: 'Webhooks waiting for their channel to be linked', registers });
  const oldestBuffered = new Gauge({
    name: 'webhook_ingest_oldest_buffered_age_seconds',
    help: 'Age of the oldest buffered webhook (0 when none)',
    registers,
  });
  const verification = new Gauge({
    name: 'webhook_ingest_signature_verification_enabled',
    help: '1 when x-360dialog-signature is verified, 0 when DIALOG360_WEBHOOK_SECRET is unset and every webhook is accepted',
    registers,
  });
  verification.set(options.signatureVerification ? 1 : 0);

  return {
    received: (event, source) => received.inc({ event, source }),
    duplicate: (event) => duplicates.inc({ event }),
    signatureFailure: (reason) => signatureFailures.inc({ reason }),
    acknowledgedAfterCommit: (outcome) => acknowledged.inc({ outcome }),
    storageUnavailable: () => unavailable.inc(),
    observeIngestSeconds: (outcome, seconds) => latency.observe({ outcome }, seconds),
    observeBatchSize: (size) => batchSize.observe(size),
    released: (count) => released.inc(count),
    expired: (event) => expired.inc({ event }),
    bufferState: (count, oldestAgeSeconds) => {
      buffered.set(count);
      oldestBuffered.set(oldestAgeSeconds);
    },
  };
}
