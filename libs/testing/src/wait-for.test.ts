import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first value that is neither undefined nor false', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), {
      intervalMs: 1,
      description: 'the third call',
    });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats 0 and empty strings as values', async () => {
    await expect(waitFor(() => 0, { description: 'zero' })).resolves.toBe(0);
    await expect(waitFor(() => '', { description: 'empty' })).resolves.toBe('');
  });

  it('names what it waited for when it times out', async () => {
    await expect(
      waitFor(() => false, { timeoutMs: 30, intervalMs: 5, description: 'the consumer to reconnect' }),
    ).rejects.toThrow('Timed out after 30 ms waiting for the consumer to reconnect');
  });

  it('reports the last probe error on timeout', async () => {
    const probe = (): Promise<never> => Promise.reject(new Error('connection refused'));
    await expect(waitFor(probe, { timeoutMs: 20, intervalMs: 5, description: 'the broker' })).rejects.toThrow(
      'last probe error: connection refused',
    );
  });
});
