export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface RetryOptions {
  /** Total attempts, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  shouldRetry: (error: unknown) => boolean;
  /** How long the failed call asked us to wait (e.g. a parsed Retry-After header). */
  retryAfterMs?: (error: unknown) => number | undefined;
  /**
   * Longest Retry-After we are willing to wait (default maxDelayMs). A longer one ends the retries
   * with the error: calling earlier than the server asked would only be refused again.
   */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Calls `fn` until it succeeds, `shouldRetry` declines, or the attempts run out. Delays use
 * exponential backoff with full jitter, random(0, min(max, base * 2^retry)), so that many clients
 * failing together do not retry in lockstep — but never less than the server's Retry-After.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      const delayMs = attempt < options.attempts && options.shouldRetry(error) ? nextDelayMs(attempt, error, options) : undefined;
      if (delayMs === undefined) throw error;
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

/** The wait before the attempt after `attempt`, or undefined when the error asks for longer than we accept. */
function nextDelayMs(attempt: number, error: unknown, options: RetryOptions): number | undefined {
  const random = options.random ?? Math.random;
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const retryAfter = options.retryAfterMs?.(error);
  if (retryAfter === undefined) return jittered;
  if (retryAfter > (options.maxRetryAfterMs ?? options.maxDelayMs)) return undefined;
  return Math.max(jittered, retryAfter);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Parses an HTTP Retry-After value — delta-seconds ("120") or an HTTP-date — into milliseconds
 * from `now`; undefined when absent or unreadable. Dates in the past mean "now" (0).
 */
export function parseRetryAfter(headerValue: string | undefined, now: number = Date.now()): number | undefined {
  const value = headerValue?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP-date form names the weekday and month; this keeps Date.parse's leniency from
  // reading garbage such as "1.5" as a date.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
