export interface LoadResult {
  calls: number;
  errors: number;
  seconds: number;
  callsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * `concurrency` callers, each issuing its next call as soon as the previous one answered, for
 * `durationMs`; latencies of successful calls are kept for the percentiles.
 */
export async function runClosedLoop(concurrency: number, durationMs: number, call: (caller: number, sequence: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const caller = async (index: number): Promise<void> => {
    for (let sequence = 0; performance.now() < deadline; sequence += 1) {
      const callStarted = performance.now();
      try {
        await call(index, sequence);
        latencies.push(performance.now() - callStarted);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => caller(index)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    calls: latencies.length,
    errors,
    seconds,
    callsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

function percentile(sorted: readonly number[], quantile: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!;
}
