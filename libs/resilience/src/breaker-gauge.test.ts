import { Registry } from 'prom-client';

import { registerBreakerGauge } from './breaker-gauge';
import type { CircuitState } from './circuit-breaker';

describe('registerBreakerGauge', () => {
  it('reads each breaker when scraped: 1 while open, 0 closed, half-open or without a breaker', async () => {
    const registry = new Registry();
    let vault: CircuitState = 'closed';
    registerBreakerGauge(registry, { vault: () => vault, registry: () => 'halfOpen', partner: () => undefined });

    const scrape = async () => (await registry.getSingleMetric('chatpilot_circuit_breaker_open')!.get()).values.map((value) => [value.labels.dependency, value.value]);
    expect(await scrape()).toEqual([['vault', 0], ['registry', 0], ['partner', 0]]);
    vault = 'open';
    expect(await scrape()).toEqual([['vault', 1], ['registry', 0], ['partner', 0]]);
  });
});
