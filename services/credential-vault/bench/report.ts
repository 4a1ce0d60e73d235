import type { LoadResult } from './closed-loop-load';

export interface Measurement extends LoadResult {
  serverCpuMicrosPerCall: number;
  /** CPU of this load generator per call: the same client stack for both servers. */
  clientCpuMicrosPerCall: number;
  /** CPU of the PostgreSQL backends serving the vault, when PostgreSQL runs on this machine. */
  postgresCpuMicrosPerCall?: number;
}

interface Settings {
  concurrency: number;
  connections: number;
  rounds: number;
  durationMs: number;
  warmupMs: number;
  logLevel: string;
  accessLogLevel: string;
}

/** Medians over the rounds, the ratio, and the rounds themselves so the spread is visible. */
export function printReport(settings: Settings, rounds: { echo: Measurement[]; vault: Measurement[] }, auditRows: number): void {
  const echo = medians(rounds.echo);
  const vault = medians(rounds.vault);
  const header = `${''.padEnd(30)}${'calls/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}${'server µs/call'.padStart(16)}${'client µs/call'.padStart(16)}`;
  const line = (name: string, m: Measurement) =>
    `${name.padEnd(30)}${m.callsPerSecond.toFixed(0).padStart(9)}${m.p50Ms.toFixed(2).padStart(9)}${m.p99Ms.toFixed(2).padStart(9)}${String(m.errors).padStart(8)}` +
    `${m.serverCpuMicrosPerCall.toFixed(0).padStart(16)}${m.clientCpuMicrosPerCall.toFixed(0).padStart(16)}`;
  console.log(
    `\nGetChannelCredentials vs bare grpc-js unary echo: ${settings.concurrency} concurrent callers over ${settings.connections} connections, ` +
      `${settings.rounds} alternating rounds of ${settings.durationMs / 1000} s (after ${settings.warmupMs / 1000} s warm-up each), vault LOG_LEVEL=${settings.logLevel} GRPC_ACCESS_LOG_LEVEL=${settings.accessLogLevel}`,
  );
  console.log(header);
  console.log(line('bare grpc-js echo (median)', echo));
  console.log(line('credential-vault (median)', vault));
  console.log(`ratio vault/echo calls/s: ${((vault.callsPerSecond / echo.callsPerSecond) * 100).toFixed(1)}% (goal >= 70%)`);
  if (vault.postgresCpuMicrosPerCall !== undefined) console.log(`PostgreSQL CPU per vault call: ${vault.postgresCpuMicrosPerCall.toFixed(0)} µs (median; client backends only)`);
  console.log(`audit rows of successful reads: ${auditRows} (every read of the warm-up and the rounds has one)`);
  console.log('rounds (calls/s echo / vault):', rounds.echo.map((m, i) => `${m.callsPerSecond.toFixed(0)} / ${rounds.vault[i]!.callsPerSecond.toFixed(0)}`).join(', '));
}

function medians(measurements: readonly Measurement[]): Measurement {
  const median = (pick: (m: Measurement) => number): number => {
    const values = measurements.map(pick).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  return {
    calls: median((m) => m.calls),
    errors: measurements.reduce((sum, m) => sum + m.errors, 0),
    seconds: median((m) => m.seconds),
    callsPerSecond: median((m) => m.callsPerSecond),
    p50Ms: median((m) => m.p50Ms),
    p99Ms: median((m) => m.p99Ms),
    serverCpuMicrosPerCall: median((m) => m.serverCpuMicrosPerCall),
    clientCpuMicrosPerCall: median((m) => m.clientCpuMicrosPerCall),
    ...(measurements.every((m) => m.postgresCpuMicrosPerCall !== undefined) ? { postgresCpuMicrosPerCall: median((m) => m.postgresCpuMicrosPerCall!) } : {}),
  };
}
