/** Timers the sandbox owns, so `reset` and `stop` can cancel every pending step at once. */
export interface Scheduler {
  after(ms: number, task: () => void): void;
  cancelAll(): void;
}

export function createScheduler(): Scheduler {
  const pending = new Set<NodeJS.Timeout>();
  return {
    after(ms, task) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        task();
      }, ms);
      pending.add(timer);
    },
    cancelAll() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
