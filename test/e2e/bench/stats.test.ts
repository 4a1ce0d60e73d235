import { distributionOf, percentile, runPool } from './stats';

describe('percentile (nearest rank)', () => {
  it('picks the value at the rank, never between two values', () => {
    const values = Array.from({ length: 20 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile(values, 100)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
  });

  it('sorts before it ranks', () => {
    expect(distributionOf([30, 10, 20])).toEqual({ count: 3, p50: 20, p95: 30, max: 30 });
  });
});

describe('runPool', () => {
  it('runs every task once with at most `concurrency` in flight and keeps the order of results', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await runPool(10, 3, async (index) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return index * 2;
    });
    expect(results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(most).toBe(3);
  });
});
