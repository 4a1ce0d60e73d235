import type { Logger } from '@chatpilot/logger';

import { expireBufferedWebhooks } from '../app/expire-buffered-webhooks';
import type { BufferTransactions, IngestMetrics } from '../app/ports';
import { reconcileBuffer } from '../app/reconcile-buffer';

export interface BufferMaintenanceOptions {
  transactions: BufferTransactions;
  metrics: IngestMetrics;
  logger: Logger;
  ttlMs: number;
  intervalMs: number;
}

export interface BufferMaintenance {
  start(): void;
  /** Waits for the pass in progress. */
  stop(): Promise<void>;
  /** One pass: expire, reconcile, sample the buffer gauges. */
  runOnce(): Promise<void>;
}

/** Periodically expires buffered webhooks past the TTL, releases stragglers and samples the buffer. */
export function createBufferMaintenance(options: BufferMaintenanceOptions): BufferMaintenance {
  const logger = options.logger.child({ component: 'buffer-maintenance' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    const expired = await expireBufferedWebhooks(options.transactions, options.metrics, options.ttlMs);
    if (expired > 0) logger.warn({ expired }, 'buffered webhooks expired before their channel was linked');
    const released = await options.transactions.run(reconcileBuffer);
    if (released > 0) {
      options.metrics.released(released);
      logger.info({ released }, 'reconciliation released buffered webhooks');
    }
    const state = await options.transactions.run((store) => store.bufferState());
    options.metrics.bufferState(state.count, state.oldestAgeSeconds);
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => logger.warn({ err: error }, 'buffer maintenance pass failed'))
        .finally(schedule);
    }, options.intervalMs);
  };

  return {
    start: () => {
      stopped = false;
      schedule();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
