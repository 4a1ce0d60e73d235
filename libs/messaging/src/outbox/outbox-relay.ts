import type { Logger } from '@chatpilot/logger';
import type { DataSource } from 'typeorm';

import type { MessagingMetrics } from '../metrics';
import { backoffDelayMs, sleep } from '../support/backoff';
import { describeError } from '../support/describe-error';
import { createWakeSignal } from '../support/wake-signal';
import type { MessageTransport, PublishOutcome } from '../transport/message-transport';
import { listenForOutboxWrites, type OutboxNotifications } from './outbox-notifications';
import {
  claimDueRows,
  type DueOutboxRow,
  markPublished,
  oldestPendingAgeSeconds,
  type OutboxRetryPolicy,
  postponeRejected,
  prunePublished,
} from './outbox-store';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  transport: MessageTransport;
  logger: Logger;
  metrics: MessagingMetrics;
  /** Rows claimed and published per transaction; defaults to 200. */
  batchSize?: number;
  /** Longest wait between cycles when no notification arrives; defaults to 1 s. */
  pollIntervalMs?: number;
  /** LISTEN for outbox inserts to publish without waiting for the poll; defaults to true. */
  listen?: boolean;
  /** Backoff for rows the broker refused (e.g. unroutable); defaults to 1 s doubling up to 5 min. */
  rejectedRetry?: OutboxRetryPolicy;
  /** How long published rows are kept for inspection; defaults to 7 days. */
  publishedRetentionMs?: number;
  pruneIntervalMs?: number;
  lagSampleIntervalMs?: number;
}

export interface RelayCycle {
  claimed: number;
  unconfirmed: number;
}

export interface OutboxRelay {
  start(): void;
  /** Finishes the cycle in progress, then stops. */
  stop(): Promise<void>;
  /** One claim-publish-mark cycle. */
  relayOnce(): Promise<RelayCycle>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_FAILURE_BACKOFF_MS = 30_000;

/**
 * Publishes outbox rows: claims a batch (FOR UPDATE SKIP LOCKED), publishes it with publisher
 * confirms, and in the same transaction marks confirmed rows published and postpones refused
 * ones. Rows whose fate is unknown (link lost) stay as they were and go out again: consumers
 * deduplicate through their inbox.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { dataSource, transport, metrics } = options;
  const logger = options.logger.child({ component: 'outbox-relay' });
  const batchSize = options.batchSize ?? 200;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const rejectedRetry = options.rejectedRetry ?? { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };
  const wake = createWakeSignal();
  const stopping = new AbortController();
  let loop: Promise<void> | undefined;
  let notifications: OutboxNotifications | undefined;

  const relayOnce = async (): Promise<RelayCycle> => {
    if (!transport.isConnected()) return { claimed: 0, unconfirmed: 0 };
    return dataSource.transaction(async (entityManager) => {
      const rows = await claimDueRows(entityManager, batchSize);
      if (rows.length === 0) return { claimed: 0, unconfirmed: 0 };
      metrics.relayBatchSize.observe(rows.length);
      const outcomes = await transport.publish(rows.map((row) => ({ id: row.id, type: row.type, body: Buffer.from(row.body) })));
      const { confirmed, rejected, unconfirmed } = sortOutcomes(outcomes);
      await markPublished(entityManager, confirmed);
      await postponeRejected(entityManager, rejected, rejectedRetry);
      countOutcomes(metrics, rows, outcomes);
      if (rejected.length > 0) logger.warn({ rejected }, 'broker refused outbox events; postponed');
      if (unconfirmed.length > 0) logger.warn({ count: unconfirmed.length, reason: unconfirmed[0] }, 'outbox events unconfirmed; will publish again');
      return { claimed: rows.length, unconfirmed: unconfirmed.length };
    });
  };

  const housekeeping = createHousekeeping(options, logger);

  const run = async (): Promise<void> => {
    for (let failures = 0; !stopping.signal.aborted; ) {
      try {
        await housekeeping.runDue();
        const cycle = await relayOnce();
        failures = 0;
        if (cycle.claimed === batchSize && cycle.unconfirmed === 0) continue;
      } catch (error) {
        failures += 1;
        logger.warn({ err: describeError(error), failures }, 'outbox relay cycle failed');
        await sleep(backoffDelayMs(failures, { baseDelayMs: pollIntervalMs, maxDelayMs: MAX_FAILURE_BACKOFF_MS }), stopping.signal);
        continue;
      }
      await wake.wait(pollIntervalMs);
    }
  };

  return {
    start: () => {
      if (loop) return;
      if (options.listen ?? true) notifications = listenForOutboxWrites(dataSource, wake.notify, logger);
      loop = run();
    },
    stop: async () => {
      stopping.abort();
      wake.notify();
      await loop;
      await notifications?.close();
    },
    relayOnce,
  };
}

function sortOutcomes(outcomes: readonly PublishOutcome[]): {
  confirmed: string[];
  rejected: { id: string; reason: string }[];
  unconfirmed: string[];
} {
  const sorted = { confirmed: [] as string[], rejected: [] as { id: string; reason: string }[], unconfirmed: [] as string[] };
  for (const outcome of outcomes) {
    if (outcome.status === 'confirmed') sorted.confirmed.push(outcome.id);
    else if (outcome.status === 'rejected') sorted.rejected.push({ id: outcome.id, reason: outcome.reason });
    else sorted.unconfirmed.push(outcome.reason);
  }
  return sorted;
}

function countOutcomes(metrics: MessagingMetrics, rows: readonly DueOutboxRow[], outcomes: readonly PublishOutcome[]): void {
  const typeById = new Map(rows.map((row) => [row.id, row.type]));
  for (const outcome of outcomes) metrics.published.inc({ type: typeById.get(outcome.id) ?? 'unknown', outcome: outcome.status });
}

/** Samples the outbox lag and prunes old published rows, each at its own pace. */
function createHousekeeping(options: OutboxRelayOptions, logger: Logger): { runDue(): Promise<void> } {
  const lagEveryMs = options.lagSampleIntervalMs ?? 5_000;
  const pruneEveryMs = options.pruneIntervalMs ?? 60 * 60_000;
  const retentionMs = options.publishedRetentionMs ?? 7 * DAY_MS;
  let nextLagAt = 0;
  let nextPruneAt = 0;
  return {
    runDue: async () => {
      const now = Date.now();
      try {
        if (now >= nextLagAt) {
          nextLagAt = now + lagEveryMs;
          options.metrics.outboxLagSeconds.set(await oldestPendingAgeSeconds(options.dataSource));
        }
        if (now >= nextPruneAt) {
          nextPruneAt = now + pruneEveryMs;
          const pruned = await prunePublished(options.dataSource, retentionMs);
          if (pruned > 0) logger.info({ pruned }, 'pruned published outbox rows');
        }
      } catch (error) {
        logger.warn({ err: describeError(error) }, 'outbox housekeeping failed');
      }
    },
  };
}
