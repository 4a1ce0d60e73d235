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

/** Runs every check in parallel, each bounded by `timeoutMs`; logs failures in full (redacted). */
export async function runReadinessChecks(checks: readonly ReadinessCheck[], timeoutMs: number, logger: Logger): Promise<ReadinessReport> {
  const outcomes = await Promise.all(checks.map((check) => outcomeOf(check, timeoutMs, logger)));
  const report: ReadinessReport = { ready: true, checks: {} };
  checks.forEach((check, index) => {
    const outcome = outcomes[index] ?? 'unknown';
    report.checks[check.name] = outcome;
    if (outcome !== 'ok') report.ready = false;
  });
  return report;
}

async function outcomeOf(check: ReadinessCheck, timeoutMs: number, logger: Logger): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([check.check().then(() => 'ok' as const), timedOut]);
    if (result === 'timeout') {
      logger.warn({ check: check.name, timeout_ms: timeoutMs }, 'readiness check timed out');
      return `timed out after ${timeoutMs} ms`;
    }
    return 'ok';
  } catch (error) {
    logger.warn({ check: check.name, err: error }, 'readiness check failed');
    return failureReason(error);
  } finally {
    clearTimeout(timer);
  }
}

// Only a machine code (ECONNREFUSED, 57P01, …) is surfaced; messages can embed URLs with credentials.
function failureReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? `unavailable (${code})` : 'unavailable';
}
