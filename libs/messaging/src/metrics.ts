import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface MessagingMetrics {
  published: Counter<'type' | 'outcome'>;
  consumed: Counter<'consumer' | 'type' | 'outcome'>;
  retried: Counter<'consumer' | 'type'>;
  deadLettered: Counter<'consumer' | 'type' | 'reason'>;
  outboxLagSeconds: Gauge;
  outboxUnroutable: Gauge;
  outboxParked: Gauge;
  brokerConnected: Gauge;
  relayCatchingUp: Gauge;
  relayBatchSize: Histogram;
  handlerDurationSeconds: Histogram<'consumer' | 'type' | 'outcome'>;
}

/** Registers the event-bus metrics on the caller's registry; create once per process and share. */
export function createMessagingMetrics(registry: Registry): MessagingMetrics {
  const registers = [registry];
  return {
    published: new Counter({
      name: 'chatpilot_events_published_total',
      help: 'Events the outbox relay handed to the broker, by broker outcome (confirmed, rejected, unconfirmed)',
      labelNames: ['type', 'outcome'],
      registers,
    }),
    consumed: new Counter({
      name: 'chatpilot_events_consumed_total',
      help: 'Deliveries handled successfully (processed) or recognised as already processed (duplicate)',
      labelNames: ['consumer', 'type', 'outcome'],
      registers,
    }),
    retried: new Counter({
      name: 'chatpilot_events_retried_total',
      help: 'Deliveries sent to a delay queue for another attempt',
      labelNames: ['consumer', 'type'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'chatpilot_events_dead_lettered_total',
      help: 'Deliveries moved to the dead-letter queue',
      labelNames: ['consumer', 'type', 'reason'],
      registers,
    }),
    outboxLagSeconds: new Gauge({
      name: 'chatpilot_outbox_lag_seconds',
      help: 'Age of the oldest undelivered outbox row, unroutable and parked rows aside (0 when there is none): the relay behind, the broker out of reach or refusing',
      registers,
    }),
    outboxUnroutable: new Gauge({
      name: 'chatpilot_outbox_unroutable_events',
      help: 'Outbox rows the broker returned because no queue is bound to their type, waiting for their next attempt (parked rows aside)',
      registers,
    }),
    outboxParked: new Gauge({
      name: 'chatpilot_outbox_parked_events',
      help: 'Outbox rows parked because no queue is bound to their event type; retried every probe interval',
      registers,
    }),
    brokerConnected: new Gauge({
      name: 'chatpilot_broker_connected',
      help: 'Whether every broker link the service needs is up (1) or not (0), as the outbox relay last saw it; readiness leaves the broker out, since the outbox keeps what is written meanwhile',
      registers,
    }),
    relayCatchingUp: new Gauge({
      name: 'chatpilot_outbox_relay_catching_up',
      help: 'Whether the outbox relay publishes by claim cycles first (1): since it started, or since it could not publish a commit as it came, until no row is due',
      registers,
    }),
    relayBatchSize: new Histogram({
      name: 'chatpilot_outbox_relay_batch_size',
      help: 'Outbox rows published together: the commits that came during the previous publish, or one claimed batch',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    }),
    handlerDurationSeconds: new Histogram({
      name: 'chatpilot_event_handler_duration_seconds',
      help: 'Time from delivery to decision, inbox transaction included',
      labelNames: ['consumer', 'type', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}
