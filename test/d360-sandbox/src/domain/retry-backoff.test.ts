import { parseRetryAfterMs, retryDelayMs } from './retry-backoff';

const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retryDelayMs', () => {
  it('doubles per attempt between half and the full exponential delay', () => {
    expect(retryDelayMs(1, policy, 0)).toBe(50);
    expect(retryDelayMs(1, policy, 0.999)).toBe(100);
    expect(retryDelayMs(3, policy, 0)).toBe(200);
    expect(retryDelayMs(3, policy, 0.5)).toBe(300);
  });

  it('never exceeds the cap', () => {
    for (let attempt = 1; attempt < 40; attempt++) expect(retryDelayMs(attempt, policy, 0.999)).toBeLessThanOrEqual(1000);
  });

  it('waits at least Retry-After, within the cap', () => {
    expect(retryDelayMs(1, policy, 0, 700)).toBe(700);
    expect(retryDelayMs(1, policy, 0, 5000)).toBe(1000);
    expect(retryDelayMs(3, policy, 0, 10)).toBe(200);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delay seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('2', 0)).toBe(2000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000);
  });

  it('ignores absent or garbage values', () => {
    expect(parseRetryAfterMs(null, 0)).toBeUndefined();
    expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
    expect(parseRetryAfterMs('-1', 0)).toBeUndefined();
  });
});
