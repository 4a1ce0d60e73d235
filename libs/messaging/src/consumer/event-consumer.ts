import type { AnyEvent } from '@chatpilot/contracts';
import type { Logger } from '@chatpilot/logger';
import type { DataSource } from 'typeorm';

import { pruneInbox } from '../inbox/inbox-store';
import { watchOutboxCommits } from '../outbox/publish-on-commit';
import type { MessagingMetrics } from '../metrics';
import { describeError } from '../support/describe-error';
import type { ActiveSubscription, MessageTransport } from '../transport/message-transport';
import type { EventHandlers } from './event-handlers';
import { createDeliveryHandler, type DeliveryPolicy } from './handle-delivery';
import type { BatchGrouping } from './inbox-batcher';

export interface EventConsumerOptions {
  /** Usually the service name; names the queues (`<name>.events`, ...) and the inbox rows. */
  name: string;
  transport: MessageTransport;
  dataSource: DataSource;
  handlers: EventHandlers;
  logger: Logger;
  metrics: MessagingMetrics;
  /** Deliveries taken from the broker ahead of their ack; defaults to 100. */
  prefetch?: number;
  /**
   * Deliveries that may share one inbox transaction (defaults to 25; 1 gives every delivery its
   * own). A failing handler never affects the others: the batch is then redone one by one.
   */
  maxBatchSize?: number;
  /**
   * `key`: a batch only holds events of one concurrency key, so a key whose handlers make slow
   * remote calls delays only its own events, which then share the next transaction. Defaults to
   * `any`: events of different keys share transactions too.
   */
  batchBy?: BatchGrouping;
  /**
   * Events with the same key run one transaction at a time within a process; with this, also
   * across replicas: each transaction first takes an advisory lock per key. Wanted when batches
   * hold several events whose handlers lock rows in different orders (replicas would otherwise
   * deadlock, which PostgreSQL breaks only after deadlock_timeout). Costs one statement per key
   * and transaction. Defaults to false.
   */
  lockKeysAcrossReplicas?: boolean;
  /**
   * Events of a handled type that this service commits to its own outbox (through `dataSource`)
   * are handled in this process right after their commit, without waiting for the relay and the
   * broker: for a saga driven by its own status events, each step then follows the last at once.
   * The broker's copy still comes and is acked as a duplicate (the inbox holds the event, so on
   * another replica or after a restart too); a failed attempt is left to it and its retries.
   * Defaults to false.
   */
  handleOwnCommits?: boolean;
  /** Inbox transactions in flight at once (each holds a pooled connection); defaults to 4. */
  maxConcurrentBatches?: number;
  /**
   * Events with the same key are handled one transaction at a time, in arrival order; defaults to
   * the event's tenant, so a tenant's effects never contend for its rows. Undefined: no constraint.
   */
  concurrencyKey?: (event: AnyEvent) => string | undefined;
  /**
   * Events the handlers would do nothing with, told from the envelope alone (e.g. a status change
   * a service does not act on): acked at once, without an inbox transaction. Skipping an event is
   * idempotent, so its redelivery needs no inbox row. The handlers must still ignore them too.
   */
  ignores?: (event: AnyEvent) => boolean;
  /** Handler attempts before dead-lettering; defaults to 5. */
  maxAttempts?: number;
  /** Delays between attempts; defaults to 1 s, 10 s, 60 s (the last repeats). */
  retryDelaysMs?: readonly number[];
  /** How long processed event ids are remembered; defaults to 14 days. */
  inboxRetentionMs?: number;
  inboxPruneIntervalMs?: number;
}

export interface EventConsumer {
  start(): Promise<void>;
  /** Stops taking deliveries and waits for those in progress. */
  stop(): Promise<void>;
}

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 10_000, 60_000] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Consumes a service's events with inbox deduplication, delayed retries and dead letters. */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const policy = {
    maxAttempts: options.maxAttempts ?? 5,
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    maxBatchSize: options.maxBatchSize ?? 25,
    batchBy: options.batchBy ?? 'any',
    maxConcurrentBatches: options.maxConcurrentBatches ?? 4,
  };
  assertValid(options.name, options.handlers, policy);
  const logger = options.logger.child({ component: 'event-consumer', consumer: options.name });
  const stopping = new AbortController();
  let subscription: ActiveSubscription | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let stopWatchingCommits: (() => void) | undefined;
  const handlingCommitted = new Set<Promise<void>>();

  const prune = (): void => {
    pruneInbox(options.dataSource, options.name, options.inboxRetentionMs ?? 14 * DAY_MS)
      .then((pruned) => pruned > 0 && logger.info({ pruned }, 'pruned the inbox'))
      .catch((error: unknown) => logger.warn({ err: describeError(error) }, 'inbox pruning failed'));
  };

  return {
    start: async () => {
      const deliveries = createDeliveryHandler({
        ...options,
        consumer: options.name,
        policy,
        concurrencyKeyOf: options.concurrencyKey ?? byTenant,
        logger,
        signal: stopping.signal,
      });
      subscription = await options.transport.subscribe({
        consumer: options.name,
        bindingKeys: Object.keys(options.handlers),
        prefetch: options.prefetch ?? 100,
        retryDelaysMs: policy.retryDelaysMs,
        handle: (delivery) => deliveries.handle(delivery),
      });
      if (options.handleOwnCommits) {
        stopWatchingCommits = watchOutboxCommits(options.dataSource, ({ rows, complete }) => {
          // Which rows an incomplete transaction committed is unknown: the broker brings those that did.
          if (!complete) return;
          for (const row of rows) {
            if (!Object.hasOwn(options.handlers, row.type)) continue;
            const handling = deliveries.handleCommitted(row.body).finally(() => handlingCommitted.delete(handling));
            handlingCommitted.add(handling);
          }
        });
      }
      pruneTimer = setInterval(prune, options.inboxPruneIntervalMs ?? 60 * 60_000).unref();
    },
    stop: async () => {
      stopping.abort();
      clearInterval(pruneTimer);
      stopWatchingCommits?.();
      await Promise.all(handlingCommitted);
      await subscription?.stop();
    },
  };
}

const byTenant = (event: AnyEvent): string | undefined => event.tenant_id;

function assertValid(name: string, handlers: EventHandlers, policy: DeliveryPolicy): void {
  const positiveInteger = (value: number): boolean => Number.isInteger(value) && value > 0;
  const problems = [
    Object.keys(handlers).length === 0 && 'needs at least one handler',
    !positiveInteger(policy.maxAttempts) && 'maxAttempts must be a positive integer',
    !positiveInteger(policy.maxBatchSize) && 'maxBatchSize must be a positive integer',
    !positiveInteger(policy.maxConcurrentBatches) && 'maxConcurrentBatches must be a positive integer',
    (policy.retryDelaysMs.length === 0 || !policy.retryDelaysMs.every(positiveInteger)) && 'retryDelaysMs must list positive whole milliseconds',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) throw new Error(`event consumer ${name}: ${problems.join('; ')}`);
}
