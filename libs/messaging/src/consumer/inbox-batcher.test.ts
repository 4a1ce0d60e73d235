import { takeBatch } from './inbox-batcher';

const item = (name: string, key?: string) => ({ name, key });
const names = (items: readonly { name: string }[]) => items.map((entry) => entry.name);

describe('takeBatch', () => {
  it('takes deliveries in arrival order up to the batch size and leaves the rest queued', () => {
    const queue = [item('a', 't1'), item('b', 't2'), item('c', 't3')];
    expect(names(takeBatch(queue, new Set(), 2))).toEqual(['a', 'b']);
    expect(names(queue)).toEqual(['c']);
  });

  it('skips deliveries whose key a running transaction holds, keeping them in order for later', () => {
    const queue = [item('a', 'busy'), item('b', 't2'), item('c', 'busy'), item('d')];
    expect(names(takeBatch(queue, new Set(['busy']), 10))).toEqual(['b', 'd']);
    expect(names(queue)).toEqual(['a', 'c']);
  });

  it('puts deliveries of one free key into the same batch, so they share one transaction', () => {
    const queue = [item('a', 't1'), item('b', 't1'), item('c', 't2')];
    expect(names(takeBatch(queue, new Set(), 10))).toEqual(['a', 'b', 'c']);
  });

  it('returns nothing when every queued delivery waits for a key', () => {
    const queue = [item('a', 'busy'), item('b', 'busy')];
    expect(takeBatch(queue, new Set(['busy']), 10)).toEqual([]);
    expect(queue).toHaveLength(2);
  });

  describe('grouped by key', () => {
    it('takes only deliveries of the first free key, leaving the other keys for their own transactions', () => {
      const queue = [item('a', 'busy'), item('b', 't1'), item('c', 't2'), item('d', 't1'), item('e', 'busy')];
      expect(names(takeBatch(queue, new Set(['busy']), 10, 'key'))).toEqual(['b', 'd']);
      expect(names(queue)).toEqual(['a', 'c', 'e']);
    });

    it('sends a delivery without a key alone', () => {
      const queue = [item('a'), item('b'), item('c', 't1')];
      expect(names(takeBatch(queue, new Set(), 10, 'key'))).toEqual(['a']);
      expect(names(queue)).toEqual(['b', 'c']);
    });

    it('still stops at the batch size', () => {
      const queue = [item('a', 't1'), item('b', 't1'), item('c', 't1')];
      expect(names(takeBatch(queue, new Set(), 2, 'key'))).toEqual(['a', 'b']);
    });
  });
});
