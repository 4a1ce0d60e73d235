import type { Logger } from '@chatpilot/logger';

import { sweepSessions, type SweepDeps } from '../app/sweep-sessions';

export interface SessionSweeper {
  start(): void;
  /** Lets the sweep in progress finish, then stops. */
  stop(): Promise<void>;
}

/** Runs sweepSessions every `intervalMs` (never two at once) until stopped. */
export function createSessionSweeper(deps: SweepDeps, options: { intervalMs: number; logger: Logger }): SessionSweeper {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const tick = (): void => {
    running = sweepSessions(deps)
      .then((report) => {
        if (report.expired > 0 || report.driven > 0) options.logger.info(report, 'session sweep');
      })
      .catch((error: unknown) => options.logger.warn({ err: error }, 'session sweep failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };

  return {
    start: () => {
      stopped = false;
      timer = setTimeout(tick, options.intervalMs);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
