import { createMicroBatcher } from './micro-batcher';

describe('createMicroBatcher', () => {
  it('runs items submitted in the same turn as one batch, in order', async () => {
    const batches: number[][] = [];
    const batcher = createMicroBatcher(async (items: number[]) => {
      batches.push(items);
      return items.map((item) => item * 10);
    }, { maxBatchSize: 100 });

    await expect(Promise.all([1, 2, 3].map((item) => batcher.submit(item)))).resolves.toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('collects items submitted while a batch is in flight into the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = createMicroBatcher(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items;
    }, { maxBatchSize: 100 });

    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [batcher.submit(2), batcher.submit(3)];
    release();

    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('runs up to maxInFlight batches at once and queues the rest for the next free slot', async () => {
    const batches: number[][] = [];
    const gates: (() => void)[] = [];
    const batcher = createMicroBatcher(async (items: number[]) => {
      batches.push(items);
      await new Promise<void>((resolve) => gates.push(resolve));
      return items;
    }, { maxBatchSize: 100, maxInFlight: 2 });

    const settled = [batcher.submit(1)];
    await new Promise((resolve) => setImmediate(resolve));
    settled.push(batcher.submit(2));
    await new Promise((resolve) => setImmediate(resolve));
    settled.push(batcher.submit(3), batcher.submit(4));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2]]);

    gates.shift()!();
    await settled[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2], [3, 4]]);
    gates.splice(0).forEach((open) => open());
    await new Promise((resolve) => setImmediate(resolve));
    gates.splice(0).forEach((open) => open());
    await expect(Promise.all(settled)).resolves.toEqual([1, 2, 3, 4]);
  });

  it('splits at the maximum batch size', async () => {
    const sizes: number[] = [];
    const batcher = createMicroBatcher(async (items: number[]) => {
      sizes.push(items.length);
      return items;
    }, { maxBatchSize: 2 });

    await Promise.all([1, 2, 3, 4, 5].map((item) => batcher.submit(item)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('rejects every item of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const batcher = createMicroBatcher(async (items: number[]) => {
      if (fail) throw new Error('database down');
      return items;
    }, { maxBatchSize: 10 });

    const failed = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.submit(3)).resolves.toBe(3);
  });

  it('drains: resolves once everything submitted has settled', async () => {
    const done: number[] = [];
    const batcher = createMicroBatcher(async (items: number[]) => items, { maxBatchSize: 10 });
    void batcher.submit(1).then((value) => done.push(value));

    await batcher.drain();
    await Promise.resolve();
    expect(done).toEqual([1]);
  });
});
