export interface WakeSignal {
  /** Wakes the current waiter, or the next one if nobody waits right now. */
  notify(): void;
  /** Resolves after `timeoutMs` or as soon as `notify()` is called, whichever is first. */
  wait(timeoutMs: number): Promise<void>;
}

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let wake: (() => void) | undefined;
  return {
    notify: () => {
      if (wake) wake();
      else pending = true;
    },
    wait: (timeoutMs) => {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done(): void {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    },
  };
}
