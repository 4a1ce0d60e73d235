import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

import type { SessionMetrics, SessionRepository } from './app/ports';
import { SESSION_STATUSES } from './domain/session';

/**
 * The onboarding metrics. Counters move once the transaction that wrote a transition has
 * committed (store.afterCommit), so a rolled-back or redone transaction never counts twice.
 */
export function createSessionMetrics(registry: Registry, sessions: SessionRepository): SessionMetrics {
  const registers = [registry];
  const started = new Counter({ name: 'onboarding_sessions_started_total', help: 'Onboarding sessions started', registers });
  const completed = new Counter({ name: 'onboarding_sessions_completed_total', help: 'Onboarding sessions that reached completed', registers });
  const failed = new Counter({ name: 'onboarding_sessions_failed_total', help: 'Onboarding sessions that failed, by error code', labelNames: ['code'], registers });
  const duration = new Histogram({
    name: 'onboarding_session_duration_seconds',
    help: 'Time from start to completed',
    buckets: [30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
    registers,
  });
  const callbacks = new Counter({ name: 'onboarding_callbacks_total', help: '360dialog callbacks answered, by outcome (success or error code)', labelNames: ['outcome'], registers });
  new Gauge({
    name: 'onboarding_sessions',
    help: 'Onboarding sessions per status (from the database at scrape time)',
    labelNames: ['status'],
    registers,
    // A failed count keeps the last values: one rejected collect() would fail the whole scrape,
    // and with it every other metric, exactly while the database is in trouble.
    async collect() {
      const counts = await sessions.countByStatus().catch(() => undefined);
      if (counts) for (const status of SESSION_STATUSES) this.set({ status }, counts.get(status) ?? 0);
    },
  });

  return {
    started: () => started.inc(),
    transitioned: (change, session) => {
      if (change.to === 'completed') {
        completed.inc();
        duration.observe((session.updatedAt.getTime() - session.createdAt.getTime()) / 1000);
      }
      if (change.to === 'failed') failed.inc({ code: change.errorCode ?? 'UNKNOWN' });
    },
    callbackAnswered: (outcome) => callbacks.inc({ outcome }),
  };
}

/** Live event streams (GET /onboarding/session/:id/events), read at scrape time. */
export function registerOpenStreamsGauge(registry: Registry, streams: { openCount(): number }): void {
  new Gauge({
    name: 'onboarding_session_streams_open',
    help: 'Server-Sent Events streams currently open',
    registers: [registry],
    collect() {
      this.set(streams.openCount());
    },
  });
}
