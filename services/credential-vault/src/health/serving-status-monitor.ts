import type { Logger } from '@chatpilot/logger';

export interface DependencyCheck {
  name: string;
  check(): Promise<void>;
}

export interface ServingStatusMonitor {
  /** Runs the checks once (so the first status is known), then every interval. */
  start(): Promise<void>;
  stop(): void;
  isServing(): boolean;
}

export interface ServingStatusMonitorOptions {
  checks: readonly DependencyCheck[];
  intervalMs: number;
  logger: Logger;
  onChange(serving: boolean): void;
}

/** Polls the vault's dependencies and reports SERVING / NOT_SERVING on every change. */
export function createServingStatusMonitor(options: ServingStatusMonitorOptions): ServingStatusMonitor {
  let serving: boolean | undefined;
  let timer: NodeJS.Timeout | undefined;

  const failingChecks = async (): Promise<string[]> => {
    const results = await Promise.allSettled(options.checks.map((dependency) => dependency.check()));
    return options.checks.filter((_, index) => results[index]?.status === 'rejected').map((dependency) => dependency.name);
  };

  const evaluate = async (): Promise<void> => {
    const failing = await failingChecks();
    const nowServing = failing.length === 0;
    if (nowServing === serving) return;
    serving = nowServing;
    if (nowServing) options.logger.info('dependencies available: SERVING');
    else options.logger.warn({ failing }, 'dependencies unavailable: NOT_SERVING');
    options.onChange(nowServing);
  };

  return {
    start: async () => {
      await evaluate();
      timer = setInterval(() => void evaluate(), options.intervalMs);
      timer.unref();
    },
    stop: () => clearInterval(timer),
    isServing: () => serving === true,
  };
}
