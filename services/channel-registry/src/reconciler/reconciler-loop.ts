import type { Logger } from '@chatpilot/logger';

import type { ReconcileCycleReport } from '../app/reconcile-channels';
import type { RegistryMetrics } from '../app/ports';
import { sleep } from '@chatpilot/resilience';

export interface ReconcilerLoopOptions {
  intervalMs: number;
  batchSize: number;
  runCycle(signal: AbortSignal): Promise<ReconcileCycleReport>;
  metrics: Pick<RegistryMetrics, 'reconcileCycle'>;
  logger: Logger;
}

export interface ReconcilerLoop {
  start(): void;
  /** Abandons the wait or the Partner API read in progress and resolves once the loop ended. */
  stop(): Promise<void>;
}

/**
 * Runs reconciliation cycles on their own timer, apart from event consumption: a slow or failing
 * Partner API only ever delays the next cycle. A full batch runs the next cycle at once.
 */
export function createReconcilerLoop(options: ReconcilerLoopOptions): ReconcilerLoop {
  const logger = options.logger.child({ component: 'reconciler' });
  const stopping = new AbortController();
  let loop: Promise<void> | undefined;

  const cycle = async (): Promise<boolean> => {
    try {
      const report = await options.runCycle(stopping.signal);
      logCycle(logger, report);
      return report.outcome === 'completed' && report.claimed === options.batchSize;
    } catch (error) {
      if (stopping.signal.aborted) return false;
      options.metrics.reconcileCycle('failed');
      logger.error({ err: error }, 'reconciliation cycle failed');
      return false;
    }
  };

  const run = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      const backlog = await cycle();
      if (!backlog) await sleep(options.intervalMs, stopping.signal);
    }
  };

  return {
    start: () => {
      loop ??= run();
    },
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}

function logCycle(logger: Logger, report: ReconcileCycleReport): void {
  if (report.outcome === 'skipped_breaker_open') logger.warn('Partner API breaker open; reconciliation cycle skipped');
  else if (report.outcome === 'interrupted_breaker_open') logger.warn(report, 'Partner API breaker opened; reconciliation cycle cut short');
  else if (report.claimed > 0) logger.info(report, 'reconciliation cycle done');
}
