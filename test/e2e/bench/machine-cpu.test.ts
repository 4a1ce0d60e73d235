import { cpuUseBetween, parseCpuLine } from './machine-cpu';

describe('machine CPU counters', () => {
  it('counts every column but idle and iowait as busy', () => {
    const stat = 'cpu  100 5 50 800 40 1 4 0 0 0\ncpu0 50 2 25 400 20 0 2 0 0 0\nintr 1\n';
    expect(parseCpuLine(stat)).toEqual({ busy: 160, total: 1000, cores: 1 });
  });

  it('reads nothing from text without the aggregate line', () => {
    expect(parseCpuLine('cpu0 1 2 3 4 5\n')).toBeUndefined();
    expect(parseCpuLine('cpu  a b c d e\n')).toBeUndefined();
  });

  it('turns two readings into a busy share and core-milliseconds per unit of work', () => {
    const use = cpuUseBetween({ busy: 1_000, total: 4_000, cores: 2 }, { busy: 1_750, total: 5_000, cores: 2 }, 10, 100);
    expect(use?.busyShare).toBeCloseTo(0.75);
    // 0.75 of 2 cores for 10 s is 15 core-seconds, over 100 units.
    expect(use?.coreMsPerUnit).toBeCloseTo(150);
  });

  it('has nothing to say about an empty interval', () => {
    expect(cpuUseBetween({ busy: 1, total: 2, cores: 2 }, { busy: 1, total: 2, cores: 2 }, 1, 1)).toBeUndefined();
  });
});
