import { sleep as abortableSleep } from '@chatpilot/resilience';

export interface TokenBucketOptions {
  /** Sustained rate. */
  ratePerSecond: number;
  /** Calls allowed back to back after a quiet period. */
  burst: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface TokenBucket {
  /** Waits for a token; resolves early (without a token) when `signal` aborts. */
  take(signal?: AbortSignal): Promise<void>;
}

/** A client-side rate limit: `burst` tokens, refilled continuously at `ratePerSecond`. */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const { ratePerSecond, burst } = options;
  if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('a token bucket needs ratePerSecond > 0 and burst >= 1');
  let tokens = burst;
  let refilledAt = now();

  const refill = (): void => {
    const at = now();
    tokens = Math.min(burst, tokens + ((at - refilledAt) * ratePerSecond) / 1000);
    refilledAt = at;
  };

  return {
    take: async (signal) => {
      for (;;) {
        if (signal?.aborted) return;
        refill();
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await sleep(Math.ceil(((1 - tokens) * 1000) / ratePerSecond), signal);
      }
    },
  };
}
