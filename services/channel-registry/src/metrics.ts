import { Counter, Gauge, type Registry } from 'prom-client';

import type { RegistryMetrics } from './app/ports';

export interface ServiceMetrics extends RegistryMetrics {
  /** 1 while the Partner API breaker is open. */
  setPartnerApiBreakerOpen(open: boolean): void;
}

/** The registry's own metrics, on the service's registry (next to the event-bus metrics). */
export function createServiceMetrics(registry: Registry): ServiceMetrics {
  const registers = [registry];
  const observations = new Counter({
    name: 'channel_registry_observations_total',
    help: '360dialog observations (webhook events, Partner API reads) by source and result (applied, unchanged, ignored_stale, ignored_revoked)',
    labelNames: ['source', 'result'],
    registers,
  });
  const unknownChannel = new Counter({
    name: 'channel_registry_events_unknown_channel_total',
    help: 'd360 events about a channel the registry does not know; counted and dropped (webhook-ingest buffers until linked)',
    labelNames: ['type'],
    registers,
  });
  const unmapped = new Counter({
    name: 'channel_registry_unmapped_signals_total',
    help: '360dialog statuses or events the status mapping table has no row for; the status was left as it was',
    labelNames: ['source', 'signal'],
    registers,
  });
  const fetches = new Counter({
    name: 'channel_registry_reconciler_reads_total',
    help: 'Partner API channel reads by the reconciler, by outcome (found, not_found, failed)',
    labelNames: ['outcome'],
    registers,
  });
  const cycles = new Counter({
    name: 'channel_registry_reconciler_cycles_total',
    help: 'Reconciler cycles by outcome (completed, skipped_breaker_open, interrupted_breaker_open, failed)',
    labelNames: ['outcome'],
    registers,
  });
  const breakerOpen = new Gauge({
    name: 'channel_registry_partner_api_breaker_open',
    help: '1 while the Partner API circuit breaker is open (the reconciler skips its cycles)',
    registers,
  });
  return {
    observation: (source, result) => observations.inc({ source, result }),
    unknownChannelEvent: (type) => unknownChannel.inc({ type }),
    unmappedSignal: (source, signal) => unmapped.inc({ source, signal }),
    reconcileFetch: (outcome) => fetches.inc({ outcome }),
    reconcileCycle: (outcome) => cycles.inc({ outcome }),
    setPartnerApiBreakerOpen: (open) => breakerOpen.set(open ? 1 : 0),
  };
}
