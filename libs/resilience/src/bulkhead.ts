/**
 * A bulkhead: at most `limit` tasks run at once; the others wait their turn in arrival order.
 * Keeps a slow dependency from taking every pooled resource (database connections held across
 * a remote call) that unrelated work needs too.
 */
export interface Bulkhead {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  active(): number;
  /** Tasks waiting for a slot. */
  waiting(): number;
  /**
   * Refuses, with `reason`, every task still waiting and every task offered from now on; running
   * ones finish. For a shutdown: waiting work would otherwise start while the process stops.
   */
  close(reason: Error): void;
}

export function createBulkhead(limit: number): Bulkhead {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`a bulkhead needs a limit of at least 1, got ${limit}`);
  const queue: { start(): void; refuse(reason: Error): void }[] = [];
  let running = 0;
  let closedBecause: Error | undefined;

  const release = (): void => {
    const next = queue.shift();
    if (next) next.start();
    else running -= 1;
  };

  return {
    run: async (task) => {
      if (closedBecause) throw closedBecause;
      if (running < limit) running += 1;
      else await new Promise<void>((start, refuse) => queue.push({ start, refuse }));
      try {
        return await task();
      } finally {
        release();
      }
    },
    active: () => running,
    waiting: () => queue.length,
    close: (reason) => {
      closedBecause = reason;
      for (const waiting of queue.splice(0)) waiting.refuse(reason);
    },
  };
}
