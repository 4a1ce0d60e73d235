import { Registry } from 'prom-client';

import type { SessionRepository } from './app/ports';
import { createSessionMetrics } from './metrics';

/** Only the count the gauge reads at scrape time; nothing else is called. */
function sessionsCounting(count: () => Promise<Map<string, number>>): SessionRepository {
  return { countByStatus: count } as unknown as SessionRepository;
}

describe('createSessionMetrics', () => {
  it('reads the per-status gauge from the database at scrape time', async () => {
    const registry = new Registry();
    createSessionMetrics(registry, sessionsCounting(async () => new Map([['completed', 3]])));

    const text = await registry.metrics();

    expect(text).toContain('onboarding_sessions{status="completed"} 3');
    expect(text).toContain('onboarding_sessions{status="pending"} 0');
  });

  it('still answers the scrape, with the last counts, when the database cannot count', async () => {
    const registry = new Registry();
    let databaseUp = true;
    const metrics = createSessionMetrics(
      registry,
      sessionsCounting(async () => {
        if (!databaseUp) throw new Error('connect ECONNREFUSED');
        return new Map([['in_progress', 2]]);
      }),
    );
    await registry.metrics();
    databaseUp = false;
    metrics.started();

    const text = await registry.metrics();

    expect(text).toContain('onboarding_sessions{status="in_progress"} 2');
    expect(text).toContain('onboarding_sessions_started_total 1');
  });
});
