import { createGroupCommit, GroupCommitQueueFullError, type GroupCommitOptions } from './group-commit';

interface Gate {
  batches: string[][];
  release(): void;
}

/** A commit function that records each batch and holds it until released. */
function gatedCommit(): Gate & Pick<GroupCommitOptions<string, string>, 'commit'> {
  const batches: string[][] = [];
  const waiting: (() => void)[] = [];
  return {
    batches,
    release: () => waiting.splice(0).forEach((go) => go()),
    commit: async (items) => {
      batches.push([...items]);
      await new Promise<void>((go) => waiting.push(go));
      return items.map((item) => `committed ${item}`);
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function options(overrides: Partial<GroupCommitOptions<string, string>>): GroupCommitOptions<string, string> {
  return {
    commit: async (items) => items.map((item) => `committed ${item}`),
    sizeOf: (item) => item.length,
    maxBatchItems: 100,
    maxBatchBytes: 1_000,
    maxConcurrentCommits: 1,
    maxQueuedItems: 100,
    ...overrides,
  };
}

describe('group commit', () => {
  it('commits a lone item at once and batches what arrives while a commit is in flight', async () => {
    const gate = gatedCommit();
    const group = createGroupCommit(options({ commit: gate.commit }));
    const first = group.submit('a');
    const rest = ['b', 'c', 'd'].map((item) => group.submit(item));
    await settle();
    expect(gate.batches).toEqual([['a']]);
    gate.release();
    await expect(first).resolves.toBe('committed a');
    await settle();
    expect(gate.batches).toEqual([['a'], ['b', 'c', 'd']]);
    gate.release();
    await expect(Promise.all(rest)).resolves.toEqual(['committed b', 'committed c', 'committed d']);
  });

  it('caps batches by item count and by weight, but lets one heavy item through alone', async () => {
    const gate = gatedCommit();
    const group = createGroupCommit(options({ commit: gate.commit, maxBatchItems: 2, maxBatchBytes: 10 }));
    const all = ['x', 'a', 'b', 'c', 'heavy-item-of-20-ch', 'd'].map((item) => group.submit(item));
    for (let round = 0; round < 5; round += 1) {
      await settle();
      gate.release();
    }
    await Promise.all(all);
    expect(gate.batches).toEqual([['x'], ['a', 'b'], ['c'], ['heavy-item-of-20-ch'], ['d']]);
  });

  it('runs up to the concurrency limit of commits at once', async () => {
    const gate = gatedCommit();
    const group = createGroupCommit(options({ commit: gate.commit, maxConcurrentCommits: 2 }));
    const all = ['a', 'b', 'c'].map((item) => group.submit(item));
    await settle();
    expect(gate.batches).toEqual([['a'], ['b']]);
    gate.release();
    await settle();
    gate.release();
    await Promise.all(all);
  });

  it('rejects every item of a failed batch and carries on with the next', async () => {
    let calls = 0;
    const group = createGroupCommit(
      options({
        commit: async (items) => {
          calls += 1;
          if (calls === 1) throw new Error('database down');
          return items.map((item) => `committed ${item}`);
        },
      }),
    );
    await expect(group.submit('a')).rejects.toThrow('database down');
    await expect(group.submit('b')).resolves.toBe('committed b');
  });

  it('refuses new items once the queue is full', async () => {
    const gate = gatedCommit();
    const group = createGroupCommit(options({ commit: gate.commit, maxQueuedItems: 1 }));
    const inFlight = group.submit('a');
    const queued = group.submit('b');
    await expect(group.submit('c')).rejects.toBeInstanceOf(GroupCommitQueueFullError);
    gate.release();
    await inFlight;
    await settle();
    gate.release();
    await queued;
  });

  it('drains: resolves once nothing is queued or committing', async () => {
    const gate = gatedCommit();
    const group = createGroupCommit(options({ commit: gate.commit }));
    await group.drain();
    const pending = group.submit('a');
    let drained = false;
    const draining = group.drain().then(() => (drained = true));
    await settle();
    expect(drained).toBe(false);
    gate.release();
    await pending;
    await draining;
    expect(drained).toBe(true);
  });
});
