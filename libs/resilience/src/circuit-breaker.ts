import CircuitBreaker from 'opossum';

export type CircuitState = 'open' | 'halfOpen' | 'closed';

/** The two levels a breaker logs at; a pino Logger fits. */
export interface StateChangeLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface CircuitBreakerOptions {
  name: string;
  /** Per-call timeout enforced by the breaker; `false` when the action has its own deadline. */
  timeoutMs?: number | false;
  errorThresholdPercentage?: number;
  resetTimeoutMs?: number;
  /** Calls needed in the rolling window before the error percentage may open the breaker. */
  volumeThreshold?: number;
  rollingCountTimeoutMs?: number;
  /** Business outcomes (not-found, invalid input…) that prove the dependency is healthy. */
  isExpectedError?: (error: unknown) => boolean;
  logger?: StateChangeLogger;
  onStateChange?: (state: CircuitState) => void;
}

export interface CircuitBreakerHandle<TArgs extends unknown[], TResult> {
  /** Runs the action; rejects with CircuitOpenError without running it while the breaker is open. */
  fire(...args: TArgs): Promise<TResult>;
  state(): CircuitState;
  isOpen(): boolean;
  shutdown(): void;
  readonly breaker: CircuitBreaker<TArgs, TResult>;
}

export class CircuitOpenError extends Error {
  readonly code = 'CIRCUIT_OPEN';

  constructor(readonly breakerName: string) {
    super(`Circuit breaker "${breakerName}" is open`);
    this.name = 'CircuitOpenError';
  }
}

const OPOSSUM_OPEN_REJECTION = 'EOPENBREAKER';

export function createCircuitBreaker<TArgs extends unknown[], TResult>(
  action: (...args: TArgs) => Promise<TResult>,
  options: CircuitBreakerOptions,
): CircuitBreakerHandle<TArgs, TResult> {
  const breaker = new CircuitBreaker<TArgs, TResult>(action, {
    name: options.name,
    timeout: options.timeoutMs ?? 10_000,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    resetTimeout: options.resetTimeoutMs ?? 30_000,
    volumeThreshold: options.volumeThreshold ?? 5,
    rollingCountTimeout: options.rollingCountTimeoutMs ?? 10_000,
    errorFilter: (error: unknown) => options.isExpectedError?.(error) ?? false,
  });
  reportStateChanges(breaker, options);

  const state = (): CircuitState => (breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed');
  return {
    fire: async (...args) => {
      try {
        return await breaker.fire(...args);
      } catch (error) {
        if (hasCode(error, OPOSSUM_OPEN_REJECTION)) throw new CircuitOpenError(options.name);
        throw error;
      }
    },
    state,
    isOpen: () => state() === 'open',
    shutdown: () => breaker.shutdown(),
    breaker,
  };
}

function reportStateChanges<TArgs extends unknown[], TResult>(
  breaker: CircuitBreaker<TArgs, TResult>,
  options: CircuitBreakerOptions,
): void {
  const { logger, onStateChange, name } = options;
  breaker.on('open', () => {
    logger?.warn({ breaker: name }, 'circuit breaker opened: failing fast');
    onStateChange?.('open');
  });
  breaker.on('halfOpen', () => {
    logger?.info({ breaker: name }, 'circuit breaker half-open: letting a probe call through');
    onStateChange?.('halfOpen');
  });
  breaker.on('close', () => {
    logger?.info({ breaker: name }, 'circuit breaker closed');
    onStateChange?.('closed');
  });
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
