import { within } from './within';

describe('within', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('gives the value of work that settles in time, and its failure', async () => {
    await expect(within(Promise.resolve(7), 100)).resolves.toBe(7);
    await expect(within(Promise.reject(new Error('refused')), 100)).rejects.toThrow('refused');
  });

  it('gives undefined once the time is up', async () => {
    const waiting = within(new Promise<number>(() => undefined), 100);
    await jest.advanceTimersByTimeAsync(100);
    await expect(waiting).resolves.toBeUndefined();
  });
});
