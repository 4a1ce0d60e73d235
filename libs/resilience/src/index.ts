export { createCircuitBreaker, CircuitOpenError } from './circuit-breaker';
export type { CircuitBreakerHandle, CircuitBreakerOptions, CircuitState, StateChangeLogger } from './circuit-breaker';
export { parseRetryAfter, retry } from './retry';
export type { RetryInfo, RetryOptions } from './retry';
export { createBulkhead } from './bulkhead';
export type { Bulkhead } from './bulkhead';
