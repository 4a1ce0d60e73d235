import type { Logger } from '@chatpilot/logger';
import { retry, type RetryOptions } from '@chatpilot/resilience';

import { D360ApiError, isRetryableD360Error, retryAfterOf, type RequestDescription } from './d360-api-error';

export interface RetrySettings {
  /** Total attempts, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After worth waiting for (default maxDelayMs); a longer one fails the call at once. */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface RetriedCall {
  description: RequestDescription;
  settings: RetrySettings;
  logger: Logger;
  signal?: AbortSignal;
  /** Narrows which retryable failures may be retried (e.g. only 429 for non-idempotent sends). */
  mayRetry?: (error: D360ApiError) => boolean;
}

/** Runs `attempt` with exponential backoff and full jitter on retryable failures, honouring Retry-After. */
export async function withRetries<T>(call: RetriedCall, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
  try {
    return await retry(attempt, retryOptions(call));
  } catch (error) {
    // A caller that gives up while we wait between attempts gets the same error as one that gives
    // up during an attempt, not its bare abort reason.
    if (call.signal?.aborted && error === call.signal.reason) {
      throw new D360ApiError({ code: 'D360.ABORTED', request: call.description, retryable: false, problem: 'was cancelled by the caller' });
    }
    throw error;
  }
}

function retryOptions(call: RetriedCall): RetryOptions {
  const { description, settings, logger, mayRetry } = call;
  return {
    attempts: settings.attempts,
    baseDelayMs: settings.baseDelayMs,
    maxDelayMs: settings.maxDelayMs,
    ...(settings.maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs: settings.maxRetryAfterMs }),
    ...(call.signal === undefined ? {} : { signal: call.signal }),
    shouldRetry: (error) => isRetryableD360Error(error) && (mayRetry?.(error as D360ApiError) ?? true),
    retryAfterMs: retryAfterOf,
    onRetry: ({ attempt: failedAttempt, delayMs, error }) => {
      const code = error instanceof D360ApiError ? error.code : undefined;
      logger.info(
        { d360: { api: description.api, method: description.method, path: description.pathTemplate, attempt: failedAttempt, delayMs, code } },
        '360dialog call failed; retrying',
      );
    },
  };
}
