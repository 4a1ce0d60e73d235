import { createWakeSignal } from './wake-signal';

describe('createWakeSignal', () => {
  it('ends a wait early when notified', async () => {
    const signal = createWakeSignal();
    const startedAt = Date.now();
    const waiting = signal.wait(10_000);

    signal.notify();
    await waiting;

    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('remembers a notification that came while nobody waited, once', async () => {
    const signal = createWakeSignal();
    signal.notify();
    signal.notify();

    await signal.wait(10_000);
    const startedAt = Date.now();
    await signal.wait(20);

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(15);
  });
});
