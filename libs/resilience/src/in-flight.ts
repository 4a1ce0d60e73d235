import { sleep } from './sleep';

export interface InFlight {
  /** Marks one piece of work as started; call the returned function when it ends. */
  begin(): () => void;
  count(): number;
  /** Resolves when nothing is in flight, or after `timeoutMs`; true when idle. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  let count = 0;
  const waiters = new Set<() => void>();
  return {
    begin: () => {
      count += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        count -= 1;
        if (count === 0) for (const wake of waiters) wake();
      };
    },
    count: () => count,
    idle: async (timeoutMs) => {
      if (count === 0) return true;
      const abort = new AbortController();
      const wake = (): void => abort.abort();
      waiters.add(wake);
      await sleep(timeoutMs, abort.signal);
      waiters.delete(wake);
      return count === 0;
    },
  };
}
