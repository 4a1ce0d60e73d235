export { createCircuitBreaker, CircuitOpenError } from './circuit-breaker';
export type { CircuitBreakerHandle, CircuitBreakerOptions, CircuitState, StateChangeLogger } from './circuit-breaker';
export { parseRetryAfter, retry } from './retry';
export type { RetryInfo, RetryOptions } from './retry';
export { registerBreakerGauge } from './breaker-gauge';
export { createBulkhead } from './bulkhead';
export { createInFlight } from './in-flight';
export type { InFlight } from './in-flight';
export type { Bulkhead } from './bulkhead';
