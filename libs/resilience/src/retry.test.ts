import { parseRetryAfter, retry } from './retry';
import type { RetryOptions } from './retry';

class Transient extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('transient');
  }
}
class Permanent extends Error {}

/** Records requested delays instead of waiting, so no test depends on the clock. */
function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    delays.push(ms);
  };
  return { delays, sleep };
}

function failingThen<T>(failures: unknown[], result: T) {
  const attempts: number[] = [];
  const fn = async (attempt: number): Promise<T> => {
    attempts.push(attempt);
    const failure = failures[attempt - 1];
    if (failure !== undefined) throw failure;
    return result;
  };
  return { attempts, fn };
}

const baseOptions = (overrides: Partial<RetryOptions> = {}): RetryOptions => ({
  attempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  shouldRetry: (error) => error instanceof Transient,
  retryAfterMs: (error) => (error instanceof Transient ? error.retryAfterMs : undefined),
  random: () => 0.5,
  ...overrides,
});

describe('retry', () => {
  it('retries until the call succeeds, numbering attempts from 1', async () => {
    const { attempts, fn } = failingThen([new Transient(), new Transient()], 'done');
    const { sleep } = recordingSleep();

    await expect(retry(fn, baseOptions({ sleep }))).resolves.toBe('done');

    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up after the configured number of attempts with the last error', async () => {
    const last = new Transient();
    const { attempts, fn } = failingThen([new Transient(), new Transient(), last], 'never');
    const { sleep } = recordingSleep();

    await expect(retry(fn, baseOptions({ attempts: 3, sleep }))).rejects.toBe(last);

    expect(attempts).toEqual([1, 2, 3]);
  });

  it('stops at once when shouldRetry declines', async () => {
    const permanent = new Permanent();
    const { attempts, fn } = failingThen([permanent], 'never');
    const { delays, sleep } = recordingSleep();

    await expect(retry(fn, baseOptions({ sleep }))).rejects.toBe(permanent);

    expect(attempts).toEqual([1]);
    expect(delays).toEqual([]);
  });

  it('backs off exponentially with full jitter, capped by maxDelayMs', async () => {
    const { fn } = failingThen([new Transient(), new Transient(), new Transient(), new Transient(), new Transient()], 'ok');
    const { delays, sleep } = recordingSleep();

    await retry(fn, baseOptions({ attempts: 6, random: () => 0.999, sleep }));

    expect(delays).toEqual([99, 199, 399, 799, 999]);
  });

  it('jitters down to zero when the random source says so', async () => {
    const { fn } = failingThen([new Transient(), new Transient()], 'ok');
    const { delays, sleep } = recordingSleep();

    await retry(fn, baseOptions({ random: () => 0, sleep }));

    expect(delays).toEqual([0, 0]);
  });

  it('waits at least the Retry-After the failure asked for', async () => {
    const { fn } = failingThen([new Transient(700), new Transient(10)], 'ok');
    const { delays, sleep } = recordingSleep();

    await retry(fn, baseOptions({ sleep }));

    expect(delays).toEqual([700, 100]);
  });

  it('stops retrying when Retry-After exceeds what the caller accepts to wait', async () => {
    const tooLong = new Transient(60_000);
    const { attempts, fn } = failingThen([tooLong], 'never');
    const { sleep } = recordingSleep();

    await expect(retry(fn, baseOptions({ maxRetryAfterMs: 5_000, sleep }))).rejects.toBe(tooLong);

    expect(attempts).toEqual([1]);
  });

  it('reports each retry before sleeping', async () => {
    const first = new Transient();
    const { fn } = failingThen([first], 'ok');
    const { sleep } = recordingSleep();
    const onRetry = jest.fn();

    await retry(fn, baseOptions({ sleep, onRetry }));

    expect(onRetry).toHaveBeenCalledWith({ attempt: 1, delayMs: 50, error: first });
  });

  it('sleeps for real and stops when the signal aborts during the wait', async () => {
    const controller = new AbortController();
    const { attempts, fn } = failingThen([new Transient(), new Transient()], 'never');
    const reason = new Error('caller gave up');

    const abortWhileSleeping = (): void => void setImmediate(() => controller.abort(reason));
    const running = retry(fn, baseOptions({ baseDelayMs: 60_000, maxDelayMs: 60_000, signal: controller.signal, onRetry: abortWhileSleeping }));

    await expect(running).rejects.toBe(reason);
    expect(attempts).toEqual([1]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('returns undefined for absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});
