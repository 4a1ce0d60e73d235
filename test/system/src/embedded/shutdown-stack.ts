import type { Logger } from '@chatpilot/logger';

export type Closer = () => Promise<unknown> | unknown;

/** Things started so far, closed in reverse order; one failing close never keeps the rest open. */
export interface ShutdownStack {
  push(name: string, close: Closer): void;
  /** Closes everything pushed, last first; safe to call more than once. */
  unwind(): Promise<void>;
}

export function createShutdownStack(logger: Logger): ShutdownStack {
  const entries: { name: string; close: Closer }[] = [];
  let unwinding: Promise<void> | undefined;
  const unwindAll = async (): Promise<void> => {
    for (let entry = entries.pop(); entry !== undefined; entry = entries.pop()) {
      try {
        await entry.close();
      } catch (error) {
        logger.error({ err: error, component: entry.name }, 'failed to stop cleanly');
      }
    }
  };
  return {
    push: (name, close) => {
      entries.push({ name, close });
    },
    unwind: () => (unwinding ??= unwindAll()),
  };
}
