export interface GroupCommitOptions<Item, Outcome> {
  /** Commits a batch in one transaction; one outcome per item, in order. */
  commit(items: readonly Item[]): Promise<Outcome[]>;
  /** The weight of an item against `maxBatchBytes` (its body length). */
  sizeOf(item: Item): number;
  maxBatchItems: number;
  /** A batch stops growing at this weight; a single heavier item still goes alone. */
  maxBatchBytes: number;
  /** Transactions in flight at once; more items wait and join the next batch. */
  maxConcurrentCommits: number;
  /** Waiting items beyond this are refused at once (back-pressure: the caller answers 503). */
  maxQueuedItems: number;
}

export interface GroupCommit<Item, Outcome> {
  /** Resolves with the item's outcome after its batch committed; rejects if the batch failed. */
  submit(item: Item): Promise<Outcome>;
  /** Resolves once nothing is queued or committing. */
  drain(): Promise<void>;
}

export class GroupCommitQueueFullError extends Error {
  constructor(limit: number) {
    super(`more than ${limit} items are waiting to be committed`);
    this.name = 'GroupCommitQueueFullError';
  }
}

interface Waiting<Item, Outcome> {
  item: Item;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit: while transactions are in flight, newly submitted items queue up and go out
 * together in the next one. No timer is involved, so a lone item is committed immediately and
 * batches only form under load, where one commit then serves many requests.
 */
export function createGroupCommit<Item, Outcome>(options: GroupCommitOptions<Item, Outcome>): GroupCommit<Item, Outcome> {
  const queue: Waiting<Item, Outcome>[] = [];
  const idleWaiters: (() => void)[] = [];
  let committing = 0;

  const takeBatch = (): Waiting<Item, Outcome>[] => {
    const batch = [queue.shift()!];
    let bytes = options.sizeOf(batch[0]!.item);
    while (queue.length > 0 && batch.length < options.maxBatchItems && bytes + options.sizeOf(queue[0]!.item) <= options.maxBatchBytes) {
      const next = queue.shift()!;
      bytes += options.sizeOf(next.item);
      batch.push(next);
    }
    return batch;
  };

  const commitBatch = async (batch: Waiting<Item, Outcome>[]): Promise<void> => {
    try {
      const outcomes = await options.commit(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => waiting.resolve(outcomes[index]!));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      committing -= 1;
      pump();
    }
  };

  const pump = (): void => {
    while (committing < options.maxConcurrentCommits && queue.length > 0) {
      committing += 1;
      void commitBatch(takeBatch());
    }
    if (committing === 0 && queue.length === 0) idleWaiters.splice(0).forEach((wake) => wake());
  };

  return {
    submit: (item) => {
      if (queue.length >= options.maxQueuedItems) return Promise.reject(new GroupCommitQueueFullError(options.maxQueuedItems));
      return new Promise<Outcome>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
    drain: () => (committing === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((wake) => idleWaiters.push(wake))),
  };
}
