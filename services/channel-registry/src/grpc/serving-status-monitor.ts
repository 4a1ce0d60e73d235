import type { ReadinessCheck } from '@chatpilot/http';
import type { Logger } from '@chatpilot/logger';

export interface ServingStatusMonitor {
  /** Resolves after the first check, so the status is known from the start. */
  start(): Promise<void>;
  stop(): void;
}

/**
 * Checks the dependencies every `intervalMs` and reports SERVING only while all of them answer,
 * so gRPC health probes take the instance out of rotation when its database or broker is down.
 */
export function monitorServingStatus(options: {
  checks: readonly ReadinessCheck[];
  intervalMs: number;
  onChange: (serving: boolean) => void;
  logger: Logger;
}): ServingStatusMonitor {
  let timer: NodeJS.Timeout | undefined;
  let serving: boolean | undefined;

  const probe = async (): Promise<void> => {
    const failed: string[] = [];
    await Promise.all(options.checks.map((check) => check.check().catch(() => failed.push(check.name))));
    const nowServing = failed.length === 0;
    if (nowServing === serving) return;
    serving = nowServing;
    options.onChange(nowServing);
    if (nowServing) options.logger.info('dependencies answer; gRPC health SERVING');
    else options.logger.warn({ failed }, 'dependencies down; gRPC health NOT_SERVING');
  };

  return {
    start: async () => {
      const tick = (): void => {
        void probe().finally(() => {
          if (timer !== undefined) timer = setTimeout(tick, options.intervalMs).unref();
        });
      };
      await probe();
      timer = setTimeout(tick, options.intervalMs).unref();
    },
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
