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
}

export function createBulkhead(limit: number): Bulkhead {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`a bulkhead needs a limit of at least 1, got ${limit}`);
  const queue: (() => void)[] = [];
  let running = 0;

  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  };

  return {
    run: async (task) => {
      if (running < limit) running += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    active: () => running,
    waiting: () => queue.length,
  };
}
