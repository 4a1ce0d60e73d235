import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles per failure between half and all of the ceiling', () => {
    expect(backoffDelayMs(1, options, () => 0)).toBe(50);
    expect(backoffDelayMs(1, options, () => 1)).toBe(100);
    expect(backoffDelayMs(3, options, () => 0)).toBe(200);
    expect(backoffDelayMs(3, options, () => 1)).toBe(400);
  });

  it('never exceeds the maximum, however many failures', () => {
    expect(backoffDelayMs(50, options, () => 1)).toBe(1_000);
    expect(backoffDelayMs(10_000, options, () => 1)).toBe(1_000);
  });
});
