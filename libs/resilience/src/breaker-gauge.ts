import { Gauge, type Registry } from 'prom-client';

import type { CircuitState } from './circuit-breaker';

/**
 * `chatpilot_circuit_breaker_open{dependency}`: 1 while the breaker in front of a dependency is
 * open (calls fail fast), 0 otherwise; read from each breaker at scrape time.
 */
export function registerBreakerGauge(registry: Registry, breakers: Readonly<Record<string, () => CircuitState | undefined>>): void {
  new Gauge({
    name: 'chatpilot_circuit_breaker_open',
    help: 'Whether the circuit breaker in front of a dependency is open (1) and calls to it fail fast, or not (0)',
    labelNames: ['dependency'],
    registers: [registry],
    collect() {
      for (const [dependency, state] of Object.entries(breakers)) this.set({ dependency }, state() === 'open' ? 1 : 0);
    },
  });
}
