import { createCredentialsCache } from './credentials-cache';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createCredentialsCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it('serves a fresh value without loading again, and reloads once it expired', async () => {
    const cache = createCredentialsCache<string>({ ttlMs: 100, maxEntries: 10, now });
    let loads = 0;
    const load = jest.fn(async () => `value-${++loads}`);

    await expect(cache.get('a', load)).resolves.toBe('value-1');
    clock += 99;
    await expect(cache.get('a', load)).resolves.toBe('value-1');
    clock += 1;
    await expect(cache.get('a', load)).resolves.toBe('value-2');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one load between concurrent callers', async () => {
    const cache = createCredentialsCache<string>({ ttlMs: 100, maxEntries: 10, now });
    const pending = deferred<string>();
    const load = jest.fn(() => pending.promise);

    const first = cache.get('a', load);
    const second = cache.get('a', load);
    pending.resolve('shared');

    await expect(Promise.all([first, second])).resolves.toEqual(['shared', 'shared']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never caches a failure', async () => {
    const cache = createCredentialsCache<string>({ ttlMs: 100, maxEntries: 10, now });
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(cache.get('a', async () => 'recovered')).resolves.toBe('recovered');
  });

  it('forgets the entries of an invalidated prefix, including a load in flight', async () => {
    const cache = createCredentialsCache<string>({ ttlMs: 100, maxEntries: 10, now });
    await cache.get('channel-1\0a', async () => 'one');
    await cache.get('channel-2\0a', async () => 'two');
    const pending = deferred<string>();
    const inFlight = cache.get('channel-1\0b', () => pending.promise);

    cache.invalidate('channel-1\0');
    pending.resolve('stale');
    await inFlight;

    expect(cache.size()).toBe(1);
    await expect(cache.get('channel-1\0a', async () => 'fresh')).resolves.toBe('fresh');
    await expect(cache.get('channel-1\0b', async () => 'fresh-b')).resolves.toBe('fresh-b');
  });

  it('evicts the oldest entry when full', async () => {
    const cache = createCredentialsCache<string>({ ttlMs: 100, maxEntries: 2, now });
    await cache.get('a', async () => 'a');
    await cache.get('b', async () => 'b');
    await cache.get('c', async () => 'c');

    expect(cache.size()).toBe(2);
    await expect(cache.get('a', async () => 'a-again')).resolves.toBe('a-again');
  });
});
