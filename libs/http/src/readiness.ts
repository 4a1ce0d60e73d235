import type { Logger } from '@chatpilot/logger';

/** A dependency the service needs to serve traffic; `check()` rejects when it is down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  /** 'ok' or a short reason per check; never an error message (it could carry a secret). */
  checks: Record<string, string>;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

/**
 * Runs every check in parallel on each call, each bounded by `timeoutMs`. A check's failure is
 * logged in full (redacted) when it starts or its reason changes, and its recovery once: a
 * dependency that is down for a minute does not log once per probe (the kubelet's, the
 * launcher's every 100 ms).
 */
export function createReadinessProbe(checks: readonly ReadinessCheck[], timeoutMs: number): (logger: Logger) => Promise<ReadinessReport> {
  const lastOutcomes = new Map<string, string>();
  return async (logger) => {
    const results = await Promise.all(checks.map((check) => outcomeOf(check, timeoutMs)));
    const report: ReadinessReport = { ready: true, checks: {} };
    checks.forEach((check, index) => {
      const result = results[index] ?? { outcome: 'unknown' };
      report.checks[check.name] = result.outcome;
      if (result.outcome !== 'ok') report.ready = false;
      if (result.outcome !== (lastOutcomes.get(check.name) ?? 'ok')) logChange(logger, check.name, result, timeoutMs);
      lastOutcomes.set(check.name, result.outcome);
    });
    return report;
  };
}

interface CheckResult {
  outcome: string;
  error?: unknown;
  timedOut?: boolean;
}

function logChange(logger: Logger, check: string, result: CheckResult, timeoutMs: number): void {
  if (result.outcome === 'ok') logger.info({ check }, 'readiness check recovered');
  else if (result.timedOut) logger.warn({ check, timeout_ms: timeoutMs }, 'readiness check timed out');
  else logger.warn({ check, err: result.error }, 'readiness check failed');
}

async function outcomeOf(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([check.check().then(() => 'ok' as const), timedOut]);
    return result === 'timeout' ? { outcome: `timed out after ${timeoutMs} ms`, timedOut: true } : { outcome: 'ok' };
  } catch (error) {
    return { outcome: failureReason(error), error };
  } finally {
    clearTimeout(timer);
  }
}

// Only a machine code (ECONNREFUSED, 57P01, …) is surfaced; messages can embed URLs with credentials.
function failureReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? `unavailable (${code})` : 'unavailable';
}
