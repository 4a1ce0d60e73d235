export interface CredentialsCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export interface CredentialsCache<T> {
  /** The cached value while fresh; otherwise one load shared by every concurrent caller. */
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Forgets every entry whose key starts with `prefix` (e.g. one channel's entries). */
  invalidate(prefix: string): void;
  size(): number;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * A small TTL cache with single-flight loading. Failures are never cached. When full, the
 * oldest entry goes (Map insertion order), which keeps memory bounded without bookkeeping.
 */
export function createCredentialsCache<T>(options: CredentialsCacheOptions): CredentialsCache<T> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();
  const loading = new Map<string, Promise<T>>();

  const store = (key: string, value: T): void => {
    entries.delete(key);
    if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, { value, expiresAt: now() + options.ttlMs });
  };

  return {
    get: (key, load) => {
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now()) return Promise.resolve(entry.value);
      const inFlight = loading.get(key);
      if (inFlight) return inFlight;
      // An entry invalidated while its load was in flight is not stored.
      const loaded: Promise<T> = load().then((value) => {
        if (loading.get(key) === loaded) store(key, value);
        return value;
      });
      const settled = (): void => {
        if (loading.get(key) === loaded) loading.delete(key);
      };
      loaded.then(settled, settled);
      loading.set(key, loaded);
      return loaded;
    },
    invalidate: (prefix) => {
      for (const key of [...entries.keys(), ...loading.keys()]) {
        if (key.startsWith(prefix)) {
          entries.delete(key);
          loading.delete(key);
        }
      }
    },
    size: () => entries.size,
  };
}
