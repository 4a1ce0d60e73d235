import { createBulkhead } from './bulkhead';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createBulkhead', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in arrival order', async () => {
    const bulkhead = createBulkhead(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      bulkhead.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    const firstOutcome = runs[0]!.catch((error: Error) => error.message);
    await settle();
    expect(started).toEqual([0, 1]);
    expect([bulkhead.active(), bulkhead.waiting()]).toEqual([2, 2]);

    gates[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);

    gates[0]!.reject(new Error('remote call failed'));
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.resolve();
    gates[3]!.resolve();

    expect(await firstOutcome).toBe('remote call failed');
    await expect(Promise.all(runs.slice(1))).resolves.toEqual([1, 2, 3]);
    expect([bulkhead.active(), bulkhead.waiting()]).toEqual([0, 0]);
  });

  it('refuses a limit below 1', () => {
    expect(() => createBulkhead(0)).toThrow(/at least 1/);
  });

  it('refuses the waiting tasks and any new one once closed, and lets the running ones finish', async () => {
    const bulkhead = createBulkhead(1);
    const gate = deferred();
    const running = bulkhead.run(async () => {
      await gate.promise;
      return 'finished';
    });
    const waiting = bulkhead.run(async () => 'never started');
    await settle();

    bulkhead.close(new Error('stopping'));

    await expect(waiting).rejects.toThrow('stopping');
    await expect(bulkhead.run(async () => 'too late')).rejects.toThrow('stopping');
    gate.resolve();
    await expect(running).resolves.toBe('finished');
    expect([bulkhead.active(), bulkhead.waiting()]).toEqual([0, 0]);
  });
});
