export interface MicroBatcherOptions {
  maxBatchSize: number;
  /** Batches running at once (default 1); further items wait and join the next batch. */
  maxInFlight?: number;
  onBatch?: (size: number, failed: boolean) => void;
}

export interface MicroBatcher<In, Out> {
  /** Settles with this item's result once its batch ran; rejects if the batch failed. */
  submit(item: In): Promise<Out>;
  /** Resolves once every item submitted so far is settled. */
  drain(): Promise<void>;
}

interface Pending<In, Out> {
  item: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for any statement: items submitted while the batches in flight run go together
 * into the next one, so under load one round trip serves many callers, while an idle caller
 * waits for nothing but the next turn of the event loop. `run` gets the items in submission
 * order and returns one result per item, in the same order.
 */
export function createMicroBatcher<In, Out>(run: (items: In[]) => Promise<Out[]>, options: MicroBatcherOptions): MicroBatcher<In, Out> {
  const maxInFlight = options.maxInFlight ?? 1;
  let queue: Pending<In, Out>[] = [];
  let inFlight = 0;
  let scheduled = false;
  const idleWaiters: (() => void)[] = [];

  const runBatch = async (batch: Pending<In, Out>[]): Promise<void> => {
    try {
      const results = await run(batch.map((pending) => pending.item));
      if (results.length !== batch.length) throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
      options.onBatch?.(batch.length, false);
      batch.forEach((pending, index) => pending.resolve(results[index]!));
    } catch (error) {
      options.onBatch?.(batch.length, true);
      batch.forEach((pending) => pending.reject(error));
    }
  };

  const startBatches = (): void => {
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, options.maxBatchSize);
      queue = queue.slice(batch.length);
      inFlight += 1;
      void runBatch(batch).then(() => {
        inFlight -= 1;
        startBatches();
      });
    }
    if (queue.length === 0 && inFlight === 0) idleWaiters.splice(0).forEach((wake) => wake());
  };

  return {
    submit: (item) =>
      new Promise<Out>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (scheduled || inFlight >= maxInFlight) return;
        scheduled = true;
        // Calls that arrive in the same turn of the event loop join the same batch.
        setImmediate(() => {
          scheduled = false;
          startBatches();
        });
      }),
    drain: () => (queue.length === 0 && inFlight === 0 && !scheduled ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
  };
}
